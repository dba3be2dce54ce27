using System.Globalization;
using System.Runtime.InteropServices;
using Crm.Domain.Demo;
using Crm.Teams.Bench;
using Crm.Testing;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;

// Usage: dotnet run -c Release --project bench/Crm.Teams.Bench -- [concurrency 32] [seconds 30] [customers 10000] [out file] [warm-up seconds 20]
// The warm-up lets tiered compilation settle (about 20 s here), so the measured part is the steady state of a running host.
// Needs CRM_TEST_PG (a PostgreSQL server where databases may be created).
var concurrency = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 32;
var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
var customers = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
var output = args.Length > 3 ? args[3] : $"bench/results/{DateTime.UtcNow:yyyy-MM-dd}-teams-show.md";
var warmup = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20;

await using var auth = await FakeBotFrameworkAuth.StartNewAsync();
await using var entra = await FakeEntraTokenEndpoint.StartNewAsync(TeamsTestHost.AppId, TeamsTestHost.AppPassword);
await using var connector = await FakeTeamsConnector.StartNewAsync(entra);
connector.KeepBodies = false;
await using var graph = await FakeGraph.StartNewAsync(entra);
graph.AddDemoDirectory();

await using var database = await PostgresDatabase.CreateAsync();
await using (var db = database.CreateContext())
{
    Console.WriteLine($"Seeding {customers:N0} customers …");
    await new DemoSeeder(db, TimeProvider.System).SeedAsync(customers, DemoSeeder.DefaultSeed, null, default);
}

await using var host = await RealHost.StartAsync(database.ConnectionString + ";Maximum Pool Size=200", new Dictionary<string, string?>
{
    ["Teams:AppId"] = TeamsTestHost.AppId,
    ["Teams:AppPassword"] = TeamsTestHost.AppPassword,
    ["Teams:TenantId"] = TeamsTestHost.Tenant,
    ["Teams:OpenIdMetadataUrl"] = auth.MetadataUrl,
    ["Teams:TokenAuthority"] = entra.BaseUrl,
    ["Graph:BaseUrl"] = graph.ApiBaseUrl,
});
using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency * 2 }) { Timeout = TimeSpan.FromSeconds(20) };
Console.WriteLine("Minting 4,096 tokens …");
var tokens = Enumerable.Range(0, 4096).Select(_ => auth.Mint(new TeamsTokenSpec(TeamsTestHost.AppId, connector.BaseUrl))).ToList();
var load = new ActivityLoad(client, host.Address, new TeamsActivityFactory(connector.BaseUrl, TeamsTestHost.AppId), tokens, concurrency, customers);

Console.WriteLine($"Warm-up {warmup} s …");
await load.RunAsync(TimeSpan.FromSeconds(warmup));
var sentBefore = connector.CallCount;
Console.WriteLine($"Measuring {seconds} s at concurrency {concurrency} …");
using var sampler = Environment.GetEnvironmentVariable("CRM_BENCH_ALLOCATIONS") == "1" ? new AllocationSampler() : null;
var thrown = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
if (sampler is not null)
    AppDomain.CurrentDomain.FirstChanceException += (_, e) =>
        thrown.AddOrUpdate($"{e.Exception.GetType().Name} in {e.Exception.TargetSite?.DeclaringType?.FullName}.{e.Exception.TargetSite?.Name}: {e.Exception.Message}", 1, (_, n) => n + 1);
if (sampler is not null) sampler.Listening = true;
var (allocatedBefore, gcsBefore, cpuBefore) = (GC.GetTotalAllocatedBytes(), GC.CollectionCount(0), Environment.CpuUsage.TotalTime);
var result = await load.RunAsync(TimeSpan.FromSeconds(seconds));
var (allocated, gcs, cpu) = (GC.GetTotalAllocatedBytes() - allocatedBefore, GC.CollectionCount(0) - gcsBefore, Environment.CpuUsage.TotalTime - cpuBefore);
var deliveredDuringRun = connector.CallCount - sentBefore;
if (sampler is not null)
{
    sampler.Listening = false;
    Console.WriteLine("Allocations by type (share of sampled bytes):\n" + sampler.Top(40));
    Console.WriteLine("Exceptions thrown (and caught) while measuring:\n" + string.Join('\n', thrown.OrderByDescending(p => p.Value).Take(10).Select(p => $"{p.Value,8:N0} {p.Key}")));
}
// The answers go out after the HTTP answer; give the outbox a moment to drain before counting.
for (var i = 0; i < 100 && connector.CallCount - sentBefore < result.Requests; i++)
    await Task.Delay(100);
var delivered = connector.CallCount - sentBefore;
int unsent;
await using (var db = database.CreateContext())
    unsent = await db.Outbox.CountAsync(o => o.Status != Crm.Domain.Outbox.OutboxStatus.Sent);

var report = string.Join('\n',
    $"# Teams `show <customer>` activities — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC",
    "",
    "Real host (CrmHost on Kestrel) on PostgreSQL, real pipeline; every activity carries an RS256 token minted by the bench just before",
    "the run (a pool of 4,096, used in turn) and fully verified by the host against the fake OpenID/JWKS server (issuer, audience, lifetime,",
    "key endorsement, serviceurl, tenant; no per-token cache); answers are stored in the outbox before the HTTP answer and sent to the fake",
    "Bot Connector after it.",
    "Load generator, fakes and host share one process and the machine's cores; the generator fills a prebuilt activity template",
    "(unique id, time, chat and customer per request).",
    "",
    "| measure | value |",
    "|---|---|",
    $"| command | `dotnet run -c Release --project bench/Crm.Teams.Bench -- {concurrency} {seconds} {customers}` |",
    $"| concurrency | {concurrency} (mentions in {ActivityLoad.Conversations:N0} group chats, so Teams' per-conversation limits do not bind) |",
    $"| duration (measured, after {warmup} s warm-up) | {result.Elapsed.TotalSeconds:N1} s |",
    $"| customers in the database | {customers:N0} generated + fixed demo records |",
    $"| requests | {result.Requests:N0} |",
    $"| throughput | {result.Throughput:N0} activities/s |",
    $"| p50 to the HTTP answer | {result.Percentile(50):N1} ms |",
    $"| p99 to the HTTP answer | {result.Percentile(99):N1} ms |",
    $"| max | {result.Percentile(100):N1} ms |",
    $"| errors | {result.Errors:N0} |",
    $"| answers posted to the connector during the measured run | {deliveredDuringRun:N0} ({deliveredDuringRun / result.Elapsed.TotalSeconds:N0}/s) |",
    $"| answers posted to the connector up to 10 s after it | {delivered:N0} |",
    $"| outbox rows not sent at the end (warm-up included) | {unsent:N0} |",
    $"| CPU of this process (host, fakes and load generator) per activity | {cpu.TotalMicroseconds / Math.Max(1, result.Requests):N0} µs |",
    $"| allocated by this process per activity / collections | {allocated / 1024.0 / Math.Max(1, result.Requests):N1} KB / {gcs:N0} |",
    $"| peak memory of the process (VmHWM) | {PeakMb():N0} MB |",
    $"| machine | {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription} |",
    $"| load average at the end (1/5/15 min) | {File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Aggregate((a, b) => $"{a} / {b}")} |",
    "",
    result.ErrorSamples.Count == 0 ? "" : "Error samples:\n\n" + string.Join('\n', result.ErrorSamples.Select(s => $"- `{s}`")),
    "");
Console.WriteLine(report);
Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
await File.WriteAllTextAsync(output, report);
return result.Errors == 0 ? 0 : 1;

static double PeakMb()
{
    var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
    return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
}
