using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Demo;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Testing.Teams;

/// <summary>
/// The bot host wired to real HTTP fakes of everything Teams needs (OpenID/JWKS, Entra token
/// endpoint, Bot Connector, Graph) and to a fresh PostgreSQL database.
/// </summary>
public sealed class TeamsTestHost : IAsyncDisposable
{
    public const string AppId = "0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b";
    public const string AppPassword = "test-app-secret";
    public const string Tenant = DemoDirectory.TeamsTenant;

    private WebApplicationFactory<Program> _factory = null!;

    public FakeBotFrameworkAuth Auth { get; private set; } = null!;
    public FakeEntraTokenEndpoint Entra { get; private set; } = null!;
    public FakeTeamsConnector Connector { get; private set; } = null!;
    public FakeGraph Graph { get; private set; } = null!;
    public PostgresDatabase Database { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public IServiceProvider Services => _factory.Services;
    public TeamsActivityFactory Activities { get; private set; } = null!;

    public static async Task<TeamsTestHost> StartAsync(Action<IServiceCollection>? services = null, IDictionary<string, string?>? settings = null, bool kestrel = false)
    {
        var host = new TeamsTestHost
        {
            Auth = await FakeBotFrameworkAuth.StartNewAsync(),
            Entra = await FakeEntraTokenEndpoint.StartNewAsync(AppId, AppPassword),
            Database = await PostgresDatabase.CreateAsync(),
        };
        host.Connector = await FakeTeamsConnector.StartNewAsync(host.Entra);
        host.Graph = await FakeGraph.StartNewAsync(host.Entra);
        host.Graph.AddDemoDirectory("W. Europe Standard Time");
        host.Activities = new TeamsActivityFactory(host.Connector.BaseUrl, AppId);

        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = host.Database.ConnectionString,
            ["Teams:AppId"] = AppId,
            ["Teams:AppPassword"] = AppPassword,
            ["Teams:TenantId"] = Tenant,
            ["Teams:OpenIdMetadataUrl"] = host.Auth.MetadataUrl,
            ["Teams:TokenAuthority"] = host.Entra.BaseUrl,
            ["Graph:BaseUrl"] = host.Graph.ApiBaseUrl,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            config[key] = value;

        host._factory = new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
        {
            foreach (var (key, value) in config)
                b.UseSetting(key, value);
            b.ConfigureTestServices(s => services?.Invoke(s));
        });
        if (kestrel)
            host._factory.UseKestrel(0);
        host.Client = host._factory.CreateClient();
        // The host fetches the signing keys as it starts; tests begin once they are in (a slow first
        // fetch on a busy machine would otherwise refuse the first activity after a second).
        if (config["Teams:AppId"] is { Length: > 0 })
            await host.Services.GetRequiredService<Crm.Bot.Platforms.Teams.BotFrameworkKeyCache>().WarmUpAsync(CancellationToken.None);
        return host;
    }

    public string Token(Func<TeamsTokenSpec, TeamsTokenSpec>? bend = null)
    {
        var spec = new TeamsTokenSpec(AppId, Connector.BaseUrl);
        return Auth.Mint(bend is null ? spec : bend(spec));
    }

    /// <summary>Posts an activity as the Bot Connector would, with a fresh valid token unless one is given.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? Token());
        return await Client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Connector.DisposeAsync();
        await Graph.DisposeAsync();
        await Entra.DisposeAsync();
        await Auth.DisposeAsync();
        await Database.DisposeAsync();
    }
}
