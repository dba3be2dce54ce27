using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Crm.FaultTests.Cluster;
using Crm.Testing;
using Crm.Testing.Slack;
using Xunit.Abstractions;

namespace Crm.FaultTests.Scenarios;

/// <summary>
/// (f) The production topology as <c>scripts/cluster.sh</c> starts it (its own PostgreSQL at default
/// durability, <c>migrate</c> once, two chat hosts and a jobs host, HAProxy from deploy/haproxy.cfg in
/// front): slash commands through the proxy are answered while each chat host in turn is stopped with
/// SIGTERM and started again. Runs in the fault collection, so it never shares the machine with a
/// fault scenario; it uses only the collection's fakes process (Slack's Web API for users.info).
/// </summary>
[Collection(FaultClusterCollection.Name)]
public sealed class RollingRestartTests(FaultCluster cluster, ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly string _dir = Directory.CreateTempSubdirectory("crm-cluster.").FullName;
    private string _proxy = "";

    [Fact]
    public async Task RestartingEachChatHostUnderLoad_ThroughTheProxy_AnswersEveryRequest_WithNo5xx()
    {
        var statuses = new ConcurrentBag<int>();
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            var users = new[] { "U0AVA", "U0MAX", "U0SAM", "U0MIA" };
            for (var n = 0; !stop.IsCancellationRequested; n++)
                statuses.Add(await SlashCommandAsync(users[worker], $"{worker}.{n}"));
        })).ToArray();

        // Load on both hosts first, then each restarted in turn (as a rolling upgrade does), then load on both again.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var beforeRestarts = statuses.Count;
        await ClusterScriptAsync("restart", _dir, "chat1");
        await ClusterScriptAsync("restart", _dir, "chat2");
        await Task.Delay(TimeSpan.FromSeconds(2));
        await stop.CancelAsync();
        await Task.WhenAll(load);

        var byStatus = statuses.GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"{statuses.Count} slash commands through the proxy ({beforeRestarts} before the restarts): " +
            string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{(p.Key == 0 ? "no answer" : p.Key.ToString())}: {p.Value}")));
        Assert.True(statuses.Count > beforeRestarts, "no requests were sent during the restarts");
        Assert.Equal([200], byStatus.Keys.Order());
        // Both hosts were really replaced: each log says it drained before it stopped.
        foreach (var host in new[] { "chat1", "chat2" })
            Assert.Contains("readiness is 503", await File.ReadAllTextAsync(Path.Combine(_dir, host + ".log")));
    }

    /// <summary>A signed <c>/crm help</c>; the HTTP status (0 when nothing answered), and a 200 only with a real answer.</summary>
    private async Task<int> SlashCommandAsync(string user, string unique)
    {
        var body = SlackSigner.Form(
            ("token", "x"), ("team_id", "T0DEMO"), ("team_domain", "demo"), ("channel_id", "C0SALES"), ("channel_name", "sales"),
            ("user_id", user), ("user_name", user), ("command", "/crm"), ("text", "help"), ("api_app_id", "A0CRM"),
            ("response_url", new Uri(new Uri(cluster.Fakes.Str("slackApiBaseUrl")), "/hooks/" + unique).ToString()),
            ("trigger_id", $"rolling.{Environment.ProcessId}.{unique}"));
        using var request = SlackSigner.Request(_proxy + "/slack/commands", body, "application/x-www-form-urlencoded", FaultCluster.SigningSecret);
        try
        {
            using var response = await Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            // A 200 must carry the help (or the late-answer notice), not an error page from the proxy.
            return response.StatusCode == HttpStatusCode.OK && !text.Contains("help", StringComparison.OrdinalIgnoreCase) && !text.Contains("Working on it")
                ? -200
                : (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return 0;
        }
    }

    private async Task ClusterScriptAsync(params string[] args)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(RepositoryRoot.PathOf("scripts", "cluster.sh"));
        foreach (var arg in args) info.ArgumentList.Add(arg);
        // The hosts run the build the tests run against; platform settings come from the environment, as an operator's would.
        info.Environment["CRM_CLUSTER_APP"] = Path.GetDirectoryName(BuiltOutput.CrmBot)!;
        info.Environment["Slack__SigningSecret"] = FaultCluster.SigningSecret;
        info.Environment["Slack__BotToken"] = cluster.Fakes.Str("slackBotToken");
        info.Environment["Slack__ApiBaseUrl"] = cluster.Fakes.Str("slackApiBaseUrl");
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Logging__LogLevel__Crm.Bot.Hosting.ShutdownDrain"] = "Information";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"cluster.sh {string.Join(' ', args)} failed ({process.ExitCode}): {await stdout}{await stderr}");
        if (args[0] == "start") _proxy = (await stdout).Trim().Split('\n')[^1];
    }

    public async Task InitializeAsync()
    {
        await cluster.EnsureUpAsync();
        await ClusterScriptAsync("start", _dir);
        output.WriteLine($"cluster in {_dir}, proxy {_proxy}");
    }

    public async Task DisposeAsync()
    {
        await ClusterScriptAsync("stop", _dir);
    }
}
