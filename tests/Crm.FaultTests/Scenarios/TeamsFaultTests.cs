using Crm.Domain.Demo;
using Crm.FaultTests.Cluster;
using Crm.FaultTests.Outcomes;
using Crm.FaultTests.Traffic;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>(e) Teams channel messages to both chat hosts while the Bot Connector throttles and then fails.</summary>
[Collection(FaultClusterCollection.Name)]
public sealed class TeamsFaultTests(FaultCluster cluster, ITestOutputHelper output)
{
    [Fact]
    public async Task ConnectorThrottlesThenFails_EveryMessageIsAnsweredOnce()
    {
        await cluster.EnsureUpAsync();
        var since = await Waiting.LastSeqAsync(cluster.Fakes);
        var count = RunSize.Mentions(16);
        var teams = new TeamsMessages(cluster.Fakes);
        var support = DemoDirectory.Channels.Single(c => c.Name == "Support");
        var finance = DemoDirectory.Channels.Single(c => c.Name == "Finance");
        var sam = DemoDirectory.Users.Single(u => u.SlackUserId == "U0SAM");
        var fiona = DemoDirectory.Users.Single(u => u.SlackUserId == "U0FIONA");
        var activities = Enumerable.Range(0, count)
            .Select(i => i % 2 == 0 ? teams.Mention(sam, support, "show acme") : teams.Mention(fiona, finance, "show acme")).ToArray();
        // First match wins: the next six posts get 429 (Retry-After: 1), the six after them 503. Counted
        // in posts, not seconds, so a slow first answer cannot miss the stretch.
        await cluster.Fakes.AddFaultAsync(new FaultSpec("teams", null, 429, RetryAfterSeconds: 1, Calls: 6));
        await cluster.Fakes.AddFaultAsync(new FaultSpec("teams", null, 503, Calls: 6));

        var statuses = new List<Task<IReadOnlyList<int>>>();
        var chat = new[] { cluster.ChatA, cluster.ChatB };
        var giveUpAt = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        for (var i = 0; i < activities.Length; i++)
        {
            statuses.Add(teams.DeliverAsync(activities[i], chat, i % 2, giveUpAt));
            await Task.Delay(100);
        }
        var attempts = await Task.WhenAll(statuses);

        var keys = activities.Select(TeamsMessages.KeyOf).ToArray();
        var deliveries = await Waiting.UntilDeliveredAsync(cluster, since, keys, RunSize.Patience(count / 2 + 8, secondsEach: 2));
        var failed = await cluster.FailedAsync();
        // Still to be sent when the waiting ended: late, not lost (a claim that has not run out yet).
        var pending = await cluster.PendingAsync();
        var summary = $"{count} messages, HTTP answers [{string.Join(", ", attempts.SelectMany(a => a).GroupBy(s => s).Select(g => $"{g.Key}×{g.Count()}"))}]; " +
            $"{deliveries.Posts.Count(p => p.Platform == "teams" && p.Status == 429)} 429(s), {deliveries.Posts.Count(p => p.Platform == "teams" && p.Status == 503)} 503(s); {deliveries.Describe()}; {failed} failed row(s), {pending} still pending";
        output.WriteLine(summary);
        RunSize.Report("Teams: connector 429 (Retry-After: 1) for 6 posts, then 503 for 6", summary);

        Assert.All(attempts, a => Assert.True(a[^1] is >= 200 and < 300, $"activity answered {a[^1]}"));
        Assert.True(deliveries.Posts.Count(p => p.Platform == "teams" && !p.Delivered) == 12, "the stretch did not meet twelve posts");
        Assert.Empty(deliveries.Missing);
        Assert.Equal(0, failed);
        Assert.All(deliveries.DeliveredPerKey, k => Assert.True(k.Value == 1, $"{k.Key} answered {k.Value} times"));
    }
}
