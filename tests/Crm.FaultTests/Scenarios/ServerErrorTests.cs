using Crm.FaultTests.Cluster;
using Crm.FaultTests.Outcomes;
using Crm.FaultTests.Traffic;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>(d) Slack answers 503 for a stretch, then resets connections for another.</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class ServerErrorTests(FaultCluster cluster, ITestOutputHelper output)
{
    /// <summary>
    /// The most refused attempts one message may meet over the 10-second stretch. A sender that
    /// backs off from 1 s and doubles tries about 1 + log2(10) ≈ 4 times; twice that leaves room for
    /// the direct send, the dispatcher and jitter. A hot loop (a retry per poll, or none at all
    /// between attempts) makes tens to thousands.
    /// </summary>
    private const int MaxRefusedAttemptsPerMessage = 8;

    [Fact]
    public async Task ServerErrorsThenConnectionResets_EverythingIsDeliveredOnceAfterwards_WithBackoff()
    {
        await cluster.EnsureUpAsync();
        var since = await Waiting.LastSeqAsync(cluster.Fakes);
        var count = RunSize.Mentions(24);
        var mentions = SlackEvents.Make(count, [("C0SALES", "U0AVA"), ("C0MKT", "U0MIA")]);
        var chat = new[] { cluster.ChatA, cluster.ChatB };
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        // First match wins: 503 for the first 5 s, then connection resets until 10 s.
        await cluster.Fakes.AddFaultAsync(new FaultSpec("slack", null, 503, Seconds: 5));
        await cluster.Fakes.AddFaultAsync(new FaultSpec("slack", null, 0, Seconds: 10));

        var sends = new List<Task<IReadOnlyList<int>>>();
        for (var i = 0; i < mentions.Count; i++)
        {
            sends.Add(SlackEvents.DeliverAsync(mentions[i], chat, i % 2, TimeSpan.FromMilliseconds(500), giveUpAt));
            await Task.Delay(100);
        }
        var attempts = await Task.WhenAll(sends);

        var keys = mentions.Select(m => m.Ts).ToArray();
        var deliveries = await Waiting.UntilDeliveredAsync(cluster, since, keys, RunSize.Patience(count / 2 + 20));
        var failed = await cluster.FailedAsync();
        // Still to be sent when the waiting ended: late, not lost (a claim that has not run out yet).
        var pending = await cluster.PendingAsync();
        var refused = deliveries.RefusedPerKey;
        var resets = deliveries.Posts.Count(p => p.Status == 0);
        var errors = deliveries.Posts.Count(p => p.Status == 503);
        var summary = $"{count} mentions; {errors} answered 503, {resets} reset; refused attempts per message max {refused.Values.DefaultIfEmpty(0).Max()}, " +
            $"total {refused.Values.Sum()}; {deliveries.Describe()}; {failed} failed row(s), {pending} still pending";
        output.WriteLine(summary);
        RunSize.Report("503 for 5 s, then connection resets for 5 s", summary);

        Assert.All(attempts, a => Assert.Equal(200, a[^1]));
        Assert.True(errors > 0 && resets > 0, "the stretch never met a post");
        Assert.Empty(deliveries.Missing);
        Assert.Equal(0, failed);
        Assert.All(deliveries.DeliveredPerKey, k => Assert.True(k.Value == 1, $"{k.Key} answered {k.Value} times"));
        Assert.All(refused, k => Assert.True(k.Value <= MaxRefusedAttemptsPerMessage, $"{k.Key} was tried {k.Value} times while Slack refused"));
    }
}
