using Crm.Bot.Hosting;
using Microsoft.AspNetCore.Builder;

namespace Crm.Testing;

/// <summary>
/// The real host (CrmHost.Build, Kestrel, every area's wiring) on a free port, against a test
/// database. Settings are passed as command-line configuration, as an operator would.
/// </summary>
public sealed class RealHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private RealHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The address the host listens on, e.g. http://127.0.0.1:41234/.</summary>
    public Uri Address { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<RealHost> StartAsync(string connectionString, IReadOnlyDictionary<string, string?>? settings = null, string listenOn = "127.0.0.1")
    {
        var args = new List<string>
        {
            $"--urls=http://{listenOn}:0",
            $"--ConnectionStrings:Crm={connectionString}",
            "--Logging:LogLevel:Default=Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            args.Add($"--{key}={value}");
        var app = CrmHost.Build(args.ToArray(), isCli: false);
        await app.StartAsync();
        var bound = new Uri(app.Urls.First());
        // Kestrel reports the wildcard it was given; tests connect to the loopback address.
        var address = new UriBuilder(bound) { Host = listenOn is "0.0.0.0" ? "127.0.0.1" : bound.Host }.Uri;
        return new RealHost(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
