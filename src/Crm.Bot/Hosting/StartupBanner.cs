using Crm.Bot.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Crm.Bot.Hosting;

/// <summary>
/// Says once the host is up where it listens, which store it uses and which integrations are
/// configured. Only the presence of the integration keys is reported, never their values.
/// </summary>
public sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, StorageChoice storage,
    IConfiguration configuration, DemoSeedReport demo, ILogger<StartupBanner> logger) : IHostedService
{
    public static readonly IReadOnlyList<(string Name, string Key)> Integrations =
    [
        ("Slack", "Slack:SigningSecret"),
        ("Teams", "Teams:AppId"),
        ("Graph", "Graph:ClientId"),
    ];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses;
            var urls = addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(in-process server)";
            LogBanner(urls, storage.Description, Describe(configuration), demo.Text);
            // With OAuth configured, workspaces are added through the install page: say where it is.
            if (!string.IsNullOrWhiteSpace(configuration["Slack:ClientId"]) && !string.IsNullOrWhiteSpace(configuration["Slack:ClientSecret"]))
                LogSlackInstall(Platforms.Slack.Install.SlackInstallEndpoints.Install);
        });
        lifetime.ApplicationStopping.Register(LogStopping);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>"Slack configured, Teams not configured, …" from key presence only; Slack with an app token is "configured (Socket Mode)".</summary>
    public static string Describe(IConfiguration configuration) => string.Join(", ", Integrations.Select(i =>
        i.Name == "Slack" && !string.IsNullOrWhiteSpace(configuration["Slack:AppToken"])
            ? "Slack configured (Socket Mode)"
            : $"{i.Name} {(string.IsNullOrWhiteSpace(configuration[i.Key]) ? "not configured" : "configured")}"));

    [LoggerMessage(LogLevel.Information, "Crm.Bot listening on {Urls} · storage: {Storage} · integrations: {Integrations} · demo: {Demo}")]
    private partial void LogBanner(string urls, string storage, string integrations, string demo);

    [LoggerMessage(LogLevel.Information, "Slack OAuth install is on: open {Path} at the host's public https address and click Add to Slack, once per workspace or Enterprise Grid organization")]
    private partial void LogSlackInstall(string path);

    [LoggerMessage(LogLevel.Information, "Crm.Bot stopping: finishing in-flight requests")]
    private partial void LogStopping();
}
