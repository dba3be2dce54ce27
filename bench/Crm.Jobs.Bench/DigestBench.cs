using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Jobs.Digests;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Jobs.Bench;

/// <summary>
/// All digests of many subscriptions over a large CRM, through the production DigestRunner (queries,
/// rendering at the channel's clearance, outbox insert), as the job server's workers would run them.
/// </summary>
internal static class DigestBench
{
    private static readonly (string Schedule, string Zone)[] Schedules =
    [
        ("weekly mon 09:00", "Europe/Berlin"), ("weekly mon 08:00", "America/New_York"), ("daily 08:00", "Europe/London"),
        ("weekdays 17:30", "Europe/Berlin"), ("monthly 1 09:00", "UTC"), ("daily 07:30", "Asia/Tokyo"),
        ("weekly fri 16:00", "America/Los_Angeles"), ("weekdays 09:15", "Europe/Paris"), ("monthly last 18:00", "Europe/Berlin"),
        ("0 6 * * 1-5", "Australia/Sydney"),
    ];

    public static async Task<int> RunAsync(BenchArgs args)
    {
        int customers = args.Get("customers", 1_000_000), subscriptions = args.Get("subscriptions", 1000), parallel = args.Get("parallel", 4);
        await using var database = await PostgresDatabase.CreateAsync();
        await using var platform = await FakePlatformServer.StartAsync();
        var seedClock = Stopwatch.StartNew();
        await using (var db = database.CreateContext()) await BenchData.SeedAsync(db, customers);
        Console.WriteLine($"Seeded {customers:N0} customers in {seedClock.Elapsed.TotalSeconds:0.0} s");

        var now = DateTimeOffset.UtcNow;
        var runs = await SubscribeAsync(database, subscriptions, now);
        using var host = JobsTestHost.Build(database, platform, new Dictionary<string, string?> { ["Host:Role"] = "chat", ["Outbox:Dispatch"] = "false" });

        var timings = new double[runs.Count];
        var outcomes = new DigestRunOutcome[runs.Count];
        var total = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, runs.Count), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (i, ct) =>
        {
            var clock = Stopwatch.StartNew();
            await using var scope = host.Services.CreateAsyncScope();
            outcomes[i] = await scope.ServiceProvider.GetRequiredService<DigestRunner>().RunAsync(runs[i].Id, runs[i].ScheduledFor, manual: false, ct);
            timings[i] = clock.Elapsed.TotalMilliseconds;
        });
        total.Stop();

        var byKind = runs.Select((r, i) => (r.Kind, Ms: timings[i])).GroupBy(x => x.Kind).OrderBy(g => g.Key)
            .Select(g => $"| {g.Key.ToString().ToLowerInvariant()} | {g.Count()} | {Percentile(g.Select(x => x.Ms), 0.5):0} | {Percentile(g.Select(x => x.Ms), 0.95):0} | {g.Max(x => x.Ms):0} |");
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Digests: {subscriptions:N0} subscriptions over {customers:N0} customers ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)")
            .AppendLine()
            .AppendLine("Command: `CRM_TEST_PG=… dotnet run -c Release --project bench/Crm.Jobs.Bench -- digests " +
                        $"--customers {customers} --subscriptions {subscriptions} --parallel {parallel}`")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Data: {customers:N0} customers, {customers * 3 / 10:N0} deals, {customers / 5:N0} tickets, {customers * 3 / 10:N0} invoices (PostgreSQL 15, {Environment.ProcessorCount} cores shared).")
            .AppendLine(CultureInfo.InvariantCulture, $"Subscriptions: {subscriptions:N0}, all five kinds, {Schedules.Length} schedules/zones, {parallel} workers (the job server's worker count); each run = report queries + rendering at the channel's clearance + outbox insert.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Total: {total.Elapsed.TotalSeconds:0.0} s** (target < 60 s) · per digest p50 {Percentile(timings, 0.5):0} ms · **p95 {Percentile(timings, 0.95):0} ms** · max {timings.Max():0} ms")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Outcomes: {string.Join(", ", outcomes.GroupBy(o => o).Select(g => $"{g.Key} {g.Count()}"))}")
            .AppendLine()
            .AppendLine("| kind | digests | p50 ms | p95 ms | max ms |")
            .AppendLine("|---|---|---|---|---|");
        foreach (var line in byKind) md.AppendLine(line);
        Console.WriteLine(md);
        Console.WriteLine($"Saved {BenchArgs.Save("jobs-digests", md.ToString())}");
        return 0;
    }

    private sealed record Run(long Id, DigestKind Kind, DateTimeOffset ScheduledFor);

    private static async Task<List<Run>> SubscribeAsync(PostgresDatabase database, int count, DateTimeOffset now)
    {
        await using var db = database.CreateContext();
        Department?[] departments = [Department.Sales, Department.Support, Department.Finance, Department.Marketing, Department.Management, null];
        var channels = Enumerable.Range(0, 100).Select(i => new ChatChannel
        {
            Platform = Platform.Slack, Workspace = "T0BENCH", ExternalId = $"CB{i:000}", Name = $"bench-{i}", Department = departments[i % departments.Length],
        }).ToList();
        db.Channels.AddRange(channels);
        await db.SaveChangesAsync();

        var runs = new List<(DigestSubscription Subscription, DateTimeOffset ScheduledFor)>();
        for (var i = 0; i < count; i++)
        {
            var (text, zone) = Schedules[i % Schedules.Length];
            DigestSchedule.TryParse(text, zone, out var schedule, out _);
            var scheduledFor = schedule.PreviousOccurrence(now)!.Value;
            var subscription = new DigestSubscription
            {
                ChannelId = channels[i % channels.Count].Id, Kind = (DigestKind)(i % 5), Schedule = schedule.Text, Cron = schedule.Cron,
                TimeZone = schedule.TimeZoneId, CreatedBy = "bench", CreatedAt = now.AddDays(-90),
                LastRunAt = schedule.PreviousOccurrence(scheduledFor.AddSeconds(-1)),
            };
            db.Digests.Add(subscription);
            runs.Add((subscription, scheduledFor));
        }
        await db.SaveChangesAsync();
        return runs.Select(r => new Run(r.Subscription.Id, r.Subscription.Kind, r.ScheduledFor)).ToList();
    }

    internal static double Percentile(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
