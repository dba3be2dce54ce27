using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Crm.Testing.Slack;
using Crm.Testing.Teams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Fakes.Faults;

/// <summary>
/// The fault harness's fakes (tests/Crm.FaultTests, bench/faults): every post is noted in a journal with its arrival
/// time and can be refused by fault rules set through a control API. Prints one JSON line with the addresses, then
/// serves until stdin closes or the process is told to stop.
/// </summary>
internal static class FaultHarnessMode
{
    public static async Task<int> RunAsync()
    {
        var faults = new FaultBoard();
        var journal = new PostJournal();
        var interceptor = new PostInterceptor(faults, journal);

        var slack = await FakeSlackServer.StartAsync(0, interceptor.SlackAsync);
        var auth = await FakeBotFrameworkAuth.StartNewAsync();
        var entra = await FakeEntraTokenEndpoint.StartNewAsync(TeamsTestHost.AppId, TeamsTestHost.AppPassword);
        var connector = await FakeTeamsConnector.StartNewAsync(entra, interceptor.TeamsAsync);
        var graph = await FakeGraph.StartNewAsync(entra);
        graph.AddDemoDirectory();

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var control = builder.Build();
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        control.MapGet("/posts", (long? since) => Results.Json(journal.Since(since ?? 0), json));
        control.MapPost("/faults", async (HttpRequest request) =>
        {
            var rule = await request.ReadFromJsonAsync<FaultRule>(json);
            if (rule is null || rule.Platform is not ("slack" or "teams")) return Results.BadRequest("platform must be slack or teams");
            faults.Add(rule);
            return Results.Ok();
        });
        control.MapDelete("/faults", () =>
        {
            faults.Clear();
            return Results.Ok();
        });
        // A Bot Connector token for an activity, signed with the fake's Teams key (RS256), valid for 59 minutes.
        control.MapGet("/teams/token", () => Results.Json(new { token = auth.Mint(new TeamsTokenSpec(TeamsTestHost.AppId, connector.BaseUrl)) }));
        await control.StartAsync();
        var controlUrl = control.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

        Console.WriteLine(new JsonObject
        {
            ["control"] = controlUrl,
            ["slackApiBaseUrl"] = slack.ApiBaseUrl,
            ["slackBotToken"] = SlackHost.BotToken,
            ["connectorServiceUrl"] = connector.BaseUrl,
            ["openIdMetadataUrl"] = auth.MetadataUrl,
            ["tokenIssuer"] = FakeBotFrameworkAuth.Issuer,
            ["tokenAuthority"] = entra.BaseUrl,
            ["graphBaseUrl"] = graph.ApiBaseUrl,
            ["teamsAppId"] = TeamsTestHost.AppId,
            ["teamsAppPassword"] = TeamsTestHost.AppPassword,
            ["teamsTenantId"] = TeamsTestHost.Tenant,
        }.ToJsonString());

        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.TrySetResult(); };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        // The starter holds stdin open; when it goes away (even killed), so do the fakes.
        _ = Task.Run(async () =>
        {
            while (await Console.In.ReadLineAsync() is not null) { }
            stop.TrySetResult();
        });
        await stop.Task;
        await control.StopAsync();
        await slack.DisposeAsync();
        await connector.DisposeAsync();
        await graph.DisposeAsync();
        await entra.DisposeAsync();
        await auth.DisposeAsync();
        return 0;
    }
}
