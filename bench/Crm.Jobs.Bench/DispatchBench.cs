using System.Diagnostics;
using System.Globalization;
using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;

namespace Crm.Jobs.Bench;

/// <summary>
/// The outbox dispatcher against the fake platform that allows one message per second per channel
/// (and answers 429 to anything faster): how close to the allowed rate it gets, and how many 429s it earns.
/// </summary>
internal static class DispatchBench
{
    public static async Task<int> RunAsync(BenchArgs args)
    {
        int channels = args.Get("channels", 50), perChannel = args.Get("messages", 30);
        await using var database = await PostgresDatabase.CreateAsync();
        await using var platform = await FakePlatformServer.StartAsync();
        var now = DateTimeOffset.UtcNow;
        await using (var db = database.CreateContext())
        {
            for (var m = 0; m < perChannel; m++)
            for (var c = 0; c < channels; c++)
            {
                db.Outbox.Add(new OutboxMessage
                {
                    IdempotencyKey = $"bench:{c}:{m}", Platform = Platform.Slack, Workspace = "T0BENCH", TargetKind = OutboxTargetKind.Channel,
                    Recipient = $"CB{c:000}", ReplyJson = Reply.Text($"message {m} of {perChannel}").ToJson(), Purpose = "bench",
                    Status = OutboxStatus.Pending, CreatedAt = now, NextAttemptAt = now,
                });
            }
            await db.SaveChangesAsync();
        }

        using var host = JobsTestHost.Build(database, platform, new Dictionary<string, string?> { ["Host:Role"] = "chat" });
        var clock = Stopwatch.StartNew();
        await host.StartAsync();
        var total = channels * perChannel;
        await JobsTestHost.WaitUntilAsync(() => Task.FromResult(platform.Posts.Count >= total), TimeSpan.FromSeconds(perChannel * 3 + 60), "all messages were posted");
        clock.Stop();
        await host.StopAsync();

        // The allowed rate is one per second per channel: n messages need n-1 seconds after the first.
        var rates = platform.Posts.GroupBy(p => p.Channel)
            .Select(g => (g.Count() - 1) / (g.Max(p => p.At) - g.Min(p => p.At)).TotalSeconds)
            .ToList();
        var first = platform.Posts.Min(p => p.At);
        var last = platform.Posts.Max(p => p.At);
        var overall = (total - channels) / (last - first).TotalSeconds / channels;
        var duplicates = total - platform.Posts.Select(p => p.IdempotencyKey).Distinct().Count();
        var md = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"# Outbox dispatcher: {total:N0} messages to {channels} channels at 1 msg/s per channel ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)")
            .AppendLine()
            .AppendLine($"Command: `CRM_TEST_PG=… dotnet run -c Release --project bench/Crm.Jobs.Bench -- dispatch --channels {channels} --messages {perChannel}`")
            .AppendLine()
            .AppendLine("One host, production dispatcher and options (Slack pacing 1.01 s, counted from the answer to the previous message), real HTTP to the fake platform on 127.0.0.1, which answers 429 + Retry-After to a second message within 1 s in one channel.")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"**Achieved: {overall:P1} of the allowed rate overall** (target ≥ 95 %) · per channel min {rates.Min():P1}, mean {rates.Average():P1}")
            .AppendLine(CultureInfo.InvariantCulture, $"**429s: {platform.RateLimited}** (target 0) · duplicates: {duplicates} · wall time from host start: {clock.Elapsed.TotalSeconds:0.0} s ({total / clock.Elapsed.TotalSeconds:0.0} msg/s)");
        Console.WriteLine(md);
        Console.WriteLine($"Saved {BenchArgs.Save($"jobs-dispatch-{channels}-channels", md.ToString())}");
        return 0;
    }
}
