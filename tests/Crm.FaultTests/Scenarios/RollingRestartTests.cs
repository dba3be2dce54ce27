using System.Collections.Concurrent;
using System.Net;
using Crm.FaultTests.Cluster;
using Crm.Testing.Slack;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>
/// (f) A rolling restart through the proxy: slash commands sent to HAProxy (deploy/haproxy.cfg, started by
/// scripts/cluster.sh) are all answered while each chat host in turn is stopped with SIGTERM and started
/// again, as an upgrade does. The host drains first (readiness 503 for Host:DrainSeconds), so the proxy
/// moves traffic away before the host stops accepting it.
/// </summary>
[Collection(FaultClusterCollection.Name)]
public sealed class RollingRestartTests(FaultCluster cluster, ITestOutputHelper output)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task RestartingEachChatHostUnderLoad_ThroughTheProxy_AnswersEveryRequest_WithNo5xx()
    {
        await cluster.EnsureUpAsync();
        var statuses = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var users = new[] { "U0AVA", "U0MAX", "U0SAM", "U0MIA" };
        var load = Enumerable.Range(0, users.Length).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
                statuses.Add(await SlashCommandAsync(users[worker], $"{worker}.{n}"));
        })).ToArray();

        // Load on both hosts first, then each restarted in turn, then load on both again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeRestarts = statuses.Count;
        await cluster.Script.RunAsync("restart", cluster.ChatA.Name);
        await cluster.Script.RunAsync("restart", cluster.ChatB.Name);
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var byStatus = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{statuses.Count} slash commands through the proxy ({beforeRestarts} before the restarts): " +
            string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "no answer" : p.Key.ToString())}: {p.Value}")));
        Assert.True(statuses.Count > beforeRestarts, "no requests were sent during the restarts");
        Assert.Equal([200], byStatus.Keys.Order());
        // Both hosts were really replaced, and each drained before it stopped.
        foreach (var host in new[] { cluster.ChatA, cluster.ChatB })
            Assert.Contains("readiness is 503", await File.ReadAllTextAsync(host.LogPath));
    }

    /// <summary>A signed <c>/crm help</c>; the HTTP status (0 when nothing answered; -200 for a 200 without a real answer).</summary>
    private async Task<int> SlashCommandAsync(string user, string unique)
    {
        var body = SlackSigner.Form(
            ("token", "x"), ("team_id", "T0DEMO"), ("team_domain", "demo"), ("channel_id", "C0SALES"), ("channel_name", "sales"),
            ("user_id", user), ("user_name", user), ("command", "/crm"), ("text", "help"), ("api_app_id", "A0CRM"),
            ("response_url", new Uri(new Uri(cluster.Fakes.Str("slackApiBaseUrl")), "/hooks/" + unique).ToString()),
            ("trigger_id", $"rolling.{Environment.ProcessId}.{unique}"));
        using var request = SlackSigner.Request(cluster.ProxyUrl + "/slack/commands", body, "application/x-www-form-urlencoded", FaultCluster.SigningSecret);
        try
        {
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            return response.StatusCode == HttpStatusCode.OK && !text.Contains("help", StringComparison.OrdinalIgnoreCase) && !text.Contains("Working on it")
                ? -200
                : (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }
}
