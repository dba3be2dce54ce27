using System.Globalization;
using System.Runtime.InteropServices;
using Crm.Domain.Demo;
using Crm.Testing.Slack;
using Crm.Testing.Teams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Crm.Fakes.Bench;

/// <summary>
/// The as-shipped benchmark's fakes (bench/as-shipped/run.sh): no journal and no fault rules, bodies not kept, so their
/// CPU per request stays small; the Teams channel tokens are minted once at start. The addresses go to
/// &lt;out&gt;/fakes.env (sourced by the run script), the tokens to &lt;out&gt;/teams-tokens.txt and the activity templates to
/// &lt;out&gt;/teams-activities.txt. GET &lt;stats&gt;/stats counts what arrived. Stops on SIGTERM or SIGINT.
/// </summary>
internal static class BenchMode
{
    public static async Task<int> RunAsync(string[] args)
    {
        var output = Directory.CreateDirectory(args[0]).FullName;
        var tokenCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4096;
        var lifetime = TimeSpan.FromMinutes(args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 180);

        await using var slack = await FakeSlackServer.StartAsync();
        await using var auth = await FakeBotFrameworkAuth.StartNewAsync();
        await using var entra = await FakeEntraTokenEndpoint.StartNewAsync(TeamsTestHost.AppId, TeamsTestHost.AppPassword);
        await using var connector = await FakeTeamsConnector.StartNewAsync(entra);
        connector.KeepBodies = false;
        await using var graph = await FakeGraph.StartNewAsync(entra);
        graph.AddDemoDirectory();

        // Tokens are minted here because only this process holds the signing key; the load generator reads them.
        var tokens = Enumerable.Range(0, tokenCount)
            .Select(_ => auth.Mint(new TeamsTokenSpec(TeamsTestHost.AppId, connector.BaseUrl) { ExpiresIn = lifetime }))
            .ToList();
        await File.WriteAllLinesAsync(Path.Combine(output, "teams-tokens.txt"), tokens);
        var factory = new TeamsActivityFactory(connector.BaseUrl, TeamsTestHost.AppId);
        await File.WriteAllLinesAsync(Path.Combine(output, "teams-activities.txt"), ActivityTemplates.For(factory, BenchUsers.Teams));

        var statsBuilder = WebApplication.CreateSlimBuilder();
        statsBuilder.WebHost.UseUrls("http://127.0.0.1:0");
        statsBuilder.Logging.ClearProviders();
        await using var stats = statsBuilder.Build();
        stats.MapGet("/stats", () => Results.Json(new
        {
            connector = connector.CallCount,
            connectorRefused = connector.Calls.Count(c => c.AnsweredWith >= 300),
            slack = slack.Calls.Count,
            graph = graph.Requests.Count,
            entra = entra.Requests.Count,
            keys = auth.KeyRequests,
        }));
        await stats.StartAsync();

        var settings = new Dictionary<string, string>
        {
            ["FAKES_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture),
            ["FAKES_STATS_URL"] = stats.Urls.First().TrimEnd('/') + "/stats",
            ["SLACK_API_BASE"] = slack.ApiBaseUrl,
            ["SLACK_RESPONSE_URL"] = slack.ResponseUrl("bench"),
            ["TEAMS_APP_ID"] = TeamsTestHost.AppId,
            ["TEAMS_APP_PASSWORD"] = TeamsTestHost.AppPassword,
            ["TEAMS_TENANT"] = TeamsTestHost.Tenant,
            ["TEAMS_OPENID_METADATA_URL"] = auth.MetadataUrl,
            ["TEAMS_TOKEN_AUTHORITY"] = entra.BaseUrl,
            ["TEAMS_CONNECTOR_URL"] = connector.BaseUrl,
            ["GRAPH_BASE_URL"] = graph.ApiBaseUrl,
        };
        // Written last and renamed into place: the run script waits for this file to know the fakes are up.
        var env = Path.Combine(output, "fakes.env");
        await File.WriteAllLinesAsync(env + ".tmp", settings.Select(s => $"{s.Key}='{s.Value}'"));
        File.Move(env + ".tmp", env, overwrite: true);
        Console.WriteLine($"Fakes up: {string.Join(", ", settings.Where(s => s.Key.EndsWith("URL", StringComparison.Ordinal) || s.Key.EndsWith("BASE", StringComparison.Ordinal)).Select(s => $"{s.Key}={s.Value}"))}");

        // SIGTERM (the run script) and SIGINT (Ctrl+C) end the wait, so the servers stop in order and the process exits.
        var stop = new TaskCompletionSource();
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.TrySetResult();
        }
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        await stop.Task;
        return 0;
    }
}
