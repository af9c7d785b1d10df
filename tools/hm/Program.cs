using System.CommandLine;
using HybridMargin.Cli;

var root = new RootCommand("HybridMargin: pre-trade portfolio-margin risk gate");
root.Subcommands.Add(MarginCommand.Create());
return root.Parse(args).Invoke();
