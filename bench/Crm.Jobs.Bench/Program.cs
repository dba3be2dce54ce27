using Crm.Jobs.Bench;

// Usage: dotnet run -c Release --project bench/Crm.Jobs.Bench -- digests [--customers N] [--subscriptions N] [--parallel N]
//        dotnet run -c Release --project bench/Crm.Jobs.Bench -- dispatch [--channels N] [--messages N]
// Needs CRM_TEST_PG (a PostgreSQL server where databases may be created). Results go to bench/results/.
var options = BenchArgs.Parse(args);
return options.Scenario switch
{
    "digests" => await DigestBench.RunAsync(options),
    "dispatch" => await DispatchBench.RunAsync(options),
    _ => BenchArgs.Usage(),
};
