using Crm.FaultTests.Cluster;
using Crm.FaultTests.Outcomes;
using Crm.FaultTests.Traffic;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>(c) A 429 storm with Retry-After on one Slack channel, while both chat hosts answer into it.</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class RateLimitTests(FaultCluster cluster, ITestOutputHelper output)
{
    // Only this scenario posts into #general, so every post there is one of its own.
    private const string StormChannel = "C0GENERAL";

    [Fact]
    public async Task RateLimitedChannel_NoHostPostsIntoItBeforeRetryAfterHasPassed_AndEverythingIsDeliveredOnce()
    {
        await cluster.EnsureUpAsync();
        var since = await Waiting.LastSeqAsync(cluster.Fakes);
        var count = RunSize.Mentions(30);
        // Two of three mentions go to the rate-limited channel, the rest to one that is not limited.
        var mentions = SlackEvents.Make(count, [(StormChannel, "U0AVA"), (StormChannel, "U0SAM"), ("C0SALES", "U0MAX")]);
        var chat = new[] { cluster.ChatA, cluster.ChatB };
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        // The next eight posts into the channel are refused, each asking for two seconds' rest.
        await cluster.Fakes.AddFaultAsync(new FaultSpec("slack", StormChannel, 429, RetryAfterSeconds: 2, Calls: 8));

        var sends = new List<Task<IReadOnlyList<int>>>();
        for (var i = 0; i < mentions.Count; i++)
        {
            sends.Add(SlackEvents.DeliverAsync(mentions[i], chat, i % 2, TimeSpan.FromMilliseconds(500), giveUpAt));
            await Task.Delay(50);
        }
        var attempts = await Task.WhenAll(sends);

        var keys = mentions.Select(m => m.Ts).ToArray();
        var deliveries = await Waiting.UntilDeliveredAsync(cluster, since, keys, RunSize.Patience(count * 2 / 3 + 16));
        var failed = await cluster.FailedAsync();
        // Still to be sent when the waiting ended: late, not lost (a claim that has not run out yet).
        var pending = await cluster.PendingAsync();
        // The fakes read the clock once when a post arrives; 10 ms covers nothing but those reads.
        var violations = deliveries.RetryAfterViolations(StormChannel, toleranceMs: 10);
        var limited = deliveries.Posts.Count(p => p.Channel == StormChannel && p.Status == 429);
        var broken = violations.Select(v => v.RateLimited.Seq).Distinct().Count();
        var summary = $"{count} mentions; {limited} 429(s) in {StormChannel}, {limited - broken} honored, {broken} not honored " +
            $"({violations.Count} post(s) too early, earliest by {(violations.Count == 0 ? 0 : violations.Max(v => v.EarlyByMs)):F0} ms); {deliveries.Describe()}; {failed} failed row(s), {pending} still pending";
        output.WriteLine(summary);
        RunSize.Report("429 storm (Retry-After: 2) on one channel", summary);

        Assert.All(attempts, a => Assert.Equal(200, a[^1]));
        Assert.True(limited > 0, "the storm never met a post");
        Assert.Empty(violations.Select(v =>
            $"post {v.Early.Seq} (answered {v.Early.Status}) came {v.Early.ArrivedAtMs - v.RateLimited.ArrivedAtMs:F0} ms after 429 {v.RateLimited.Seq}, {v.EarlyByMs:F0} ms before its Retry-After ended"));
        Assert.Empty(deliveries.Missing);
        Assert.Equal(0, failed);
        Assert.All(deliveries.DeliveredPerKey, k => Assert.True(k.Value == 1, $"{k.Key} answered {k.Value} times"));
    }
}
