using Crm.FaultTests.Cluster;
using Crm.FaultTests.Outcomes;
using Crm.FaultTests.Traffic;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>(b) PostgreSQL is restarted in the middle of a burst of Slack mentions.</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class PostgresRestartTests(FaultCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task PostgresRestartedDuringABurst_HostsRecoverWithoutRestart_AndEveryMentionIsAnsweredOnce()
    {
        await cluster.EnsureUpAsync();
        var pids = cluster.Hosts.Select(h => h.Pid).ToArray();
        var since = await Waiting.LastSeqAsync(cluster.Fakes);
        var count = RunSize.Mentions(40);
        var mentions = SlackEvents.Make(count, [("C0SALES", "U0MAX"), ("C0MKT", "U0EVE")]);
        var chat = new[] { cluster.ChatA, cluster.ChatB };
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);

        var sends = new List<Task<IReadOnlyList<int>>>();
        Task? restart = null;
        for (var i = 0; i < mentions.Count; i++)
        {
            // A refused event (5xx, no answer) is sent again, to the other host, as Slack would.
            sends.Add(SlackEvents.DeliverAsync(mentions[i], chat, i % 2, TimeSpan.FromSeconds(1), giveUpAt));
            if (i % 4 == 1)
                sends.Add(SlackEvents.DeliverAsync(mentions[i], chat, (i + 1) % 2, TimeSpan.FromSeconds(1), giveUpAt, firstRetryNum: 1));
            if (i == mentions.Count / 3)
                restart = cluster.RestartPostgresAsync();
            await Task.Delay(50);
        }
        var attempts = await Task.WhenAll(sends);
        await restart!;

        // Every host comes back to ready on its own: the same processes, no restart.
        var readyAgain = await Task.WhenAll(cluster.Hosts.Select(async h =>
        {
            try { await h.WaitReadyAsync(TimeSpan.FromSeconds(60)); return true; }
            catch (TimeoutException) { return false; }
        }));

        var keys = mentions.Select(m => m.Ts).ToArray();
        var deliveries = await Waiting.UntilDeliveredAsync(cluster, since, keys, RunSize.Patience(count / 2));
        var failed = await cluster.FailedAsync();
        // Still to be sent when the waiting ended: late, not lost (a claim that has not run out yet).
        var pending = await cluster.PendingAsync();
        var refusedEvents = attempts.Sum(a => a.Count(s => s != 200));
        var summary = $"{count} mentions, {attempts.Sum(a => a.Count)} deliveries to the hosts, {refusedEvents} refused or unanswered and retried; " +
            $"ready again without restart: {string.Join(", ", cluster.Hosts.Zip(readyAgain, (h, r) => $"{h.Name}={r}"))}; {deliveries.Describe()}; {failed} failed row(s), {pending} still pending";
        output.WriteLine(summary);
        RunSize.Report("PostgreSQL restarted (pg_ctl -m fast) during a burst", summary);

        Assert.All(cluster.Hosts, h => Assert.True(h.Running, $"{h.Name} exited"));
        Assert.Equal(pids, cluster.Hosts.Select(h => h.Pid).ToArray());
        Assert.All(readyAgain, Assert.True);
        Assert.All(attempts, a => Assert.Equal(200, a[^1]));
        Assert.Empty(deliveries.Missing);
        Assert.Equal(0, failed);
        Assert.All(deliveries.DeliveredPerKey, k => Assert.True(k.Value == 1, $"{k.Key} answered {k.Value} times"));
    }
}
