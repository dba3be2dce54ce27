using Crm.Bench;

// Measurements for bench/results/. Usage: dotnet run -c Release --project bench/Crm.Bench -- --help
return await BenchRunner.RunAsync(args);
