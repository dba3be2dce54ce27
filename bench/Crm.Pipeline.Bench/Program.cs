using BenchmarkDotNet.Running;
using Crm.Pipeline.Bench;

// dotnet run -c Release --project bench/Crm.Pipeline.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(ShowCustomerBenchmarks).Assembly).Run(args, new PipelineBenchConfig());
