using BenchmarkDotNet.Running;

// One entry for every benchmark class: `dotnet run -c Release --project perf/HybridMargin.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
