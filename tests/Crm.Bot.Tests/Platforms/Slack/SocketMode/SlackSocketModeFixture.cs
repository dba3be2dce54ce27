using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Logging;
using Crm.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Bot.Tests.Platforms.Slack.SocketMode;

/// <summary>
/// The real host with the real pipeline on a database holding the demo records, configured for Socket Mode only
/// (an app token and a bot token, no signing secret), connected to a fake Socket Mode server behind a fake Slack.
/// </summary>
public sealed class SlackSocketModeFixture : IAsyncLifetime
{
    public const string AppToken = "xapp-1-A0CRM-1-test-app-token";

    public PostgresDatabase Database { get; private set; } = null!;
    public FakeSlackServer Slack { get; private set; } = null!;
    public FakeSlackSocketServer Sockets { get; private set; } = null!;
    public SlackHost Host { get; private set; } = null!;
    public CapturedLogs Logs { get; } = new(LogLevel.Debug);

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        await using (var db = Database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        Slack = await FakeSlackServer.StartAsync();
        Sockets = await FakeSlackSocketServer.StartNewAsync();
        Sockets.Attach(Slack);
        Host = NewHost();
        _ = Host.Services; // starts the host, and with it Socket Mode
        await Sockets.WaitForOpenAsync(2);
    }

    /// <summary>Another host on the same database and the same app (several hosts may connect at once).</summary>
    public SlackHost NewHost() => new(Database.ConnectionString, Slack, signingSecret: null, new Dictionary<string, string?>
    {
        ["Slack:AppToken"] = AppToken,
        ["Slack:BotToken"] = SlackHost.BotToken,
        ["Logging:LogLevel:Default"] = "Debug",
    }, services: s => s.AddSingleton<ILoggerProvider>(Logs));

    /// <summary>Between tests: late work finishes, and both connections are open again.</summary>
    public async Task ResetAsync()
    {
        await Host.IdleAsync();
        await Sockets.WaitForOpenAsync(2);
        // Connections of hosts a test started and stopped are gone, so tests see this host's two only.
        for (var wait = 0; Sockets.Open.Count > 2 && wait < 750; wait++) await Task.Delay(20);
        Slack.Clear();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await Sockets.DisposeAsync();
        await Slack.DisposeAsync();
        await Database.DisposeAsync();
    }
}
