using Crm.FaultTests.Cluster;
using Crm.FaultTests.Outcomes;
using Crm.FaultTests.Traffic;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>(a) A chat host is killed with SIGKILL in the middle of a burst of Slack mentions.</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class HostKillTests(FaultCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ChatHostKilledDuringABurst_EveryMentionIsAnswered_DuplicatesOnlyForItsUnrecordedClaims()
    {
        await cluster.EnsureUpAsync();
        var since = await Waiting.LastSeqAsync(cluster.Fakes);
        var count = RunSize.Mentions(40);
        var mentions = SlackEvents.Make(count, [("C0SALES", "U0AVA"), ("C0MKT", "U0MIA")]);
        var chat = new[] { cluster.ChatA, cluster.ChatB };
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        long claimedAtKill = -1;
        var killedPid = 0;
        double killedAt = 0;

        var sends = new List<Task<IReadOnlyList<int>>>();
        for (var i = 0; i < mentions.Count; i++)
        {
            var mention = mentions[i];
            sends.Add(SlackEvents.DeliverAsync(mention, chat, i % 2, TimeSpan.FromMilliseconds(500), giveUpAt));
            // Every third mention is also retried at the other host at once, as Slack does when the
            // first host is slow to answer: both deliveries race.
            if (i % 3 == 0)
                sends.Add(SlackEvents.DeliverAsync(mention, chat, (i + 1) % 2, TimeSpan.FromMilliseconds(500), giveUpAt, firstRetryNum: 1));
            if (i == mentions.Count / 2)
            {
                // Let the first half be taken in, then kill host A while its answers are being sent.
                await Task.WhenAll(sends);
                killedPid = cluster.ChatA.Pid;
                await cluster.ChatA.KillAsync();
                killedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                // Rows the killed host had claimed and not recorded: the only sends that may be repeated.
                claimedAtKill = await cluster.ClaimedByAsync(killedPid);
            }
            await Task.Delay(25);
        }
        var attempts = await Task.WhenAll(sends);
        await cluster.ChatA.StartAsync();

        var keys = mentions.Select(m => m.Ts).ToArray();
        var deliveries = await Waiting.UntilDeliveredAsync(cluster, since, keys, RunSize.Patience(count / 2));
        var failed = await cluster.FailedAsync();
        // Still to be sent when the waiting ended: late, not lost (a claim that has not run out yet).
        var pending = await cluster.PendingAsync();
        // Measured, not asserted: how long the dead host's channels waited for the last answer.
        var lastAnswer = deliveries.Posts.Where(p => p.Delivered && keys.Contains(p.Key)).Select(p => p.ArrivedAtMs).DefaultIfEmpty(killedAt).Max();
        var summary = $"{count} mentions, {attempts.Sum(a => a.Count)} deliveries to the hosts ({attempts.Count(a => a[^1] != 200)} never acknowledged); " +
            $"killed pid {killedPid} held {claimedAtKill} unrecorded claim(s); last answer {(lastAnswer - killedAt) / 1000:F1} s after the kill; {deliveries.Describe()}; {failed} failed row(s), {pending} still pending";
        output.WriteLine(summary);
        RunSize.Report("host killed (SIGKILL) during a burst", summary);

        Assert.All(attempts, a => Assert.Equal(200, a[^1]));
        Assert.Empty(deliveries.Missing);
        Assert.Equal(0, failed);
        // A send may be repeated only if the killed host had made it but not recorded it: every such
        // row was claimed by that host and still pending when it died.
        Assert.True(deliveries.Duplicates <= claimedAtKill,
            $"{deliveries.Duplicates} duplicate(s), but the killed host held only {claimedAtKill} unrecorded claim(s)");
    }
}
