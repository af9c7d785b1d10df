using System.CommandLine;
using HybridMargin.Cli;
using HybridMargin.Cli.Bench;
using HybridMargin.Cli.Demo;
using HybridMargin.Cli.Replay;

var root = new RootCommand("HybridMargin: pre-trade portfolio-margin risk gate");
root.Subcommands.Add(BenchCommand.Create());
root.Subcommands.Add(DemoCommand.Create());
root.Subcommands.Add(MarginCommand.Create());
root.Subcommands.Add(RecoverCommand.Create());
root.Subcommands.Add(ReplayCommand.Create());
root.Subcommands.Add(ServeCommand.Create());
return root.Parse(args).Invoke();
