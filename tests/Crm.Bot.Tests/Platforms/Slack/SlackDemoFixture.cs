using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>The real host with the real pipeline on a database holding the demo records, behind a fake Slack.</summary>
public sealed class SlackDemoFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public FakeSlackServer Slack { get; private set; } = null!;
    public SlackHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        await using (var db = Database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        Slack = await FakeSlackServer.StartAsync();
        Host = new SlackHost(Database.ConnectionString, Slack);
        Client = Host.CreateClient();
    }

    public void Reset()
    {
        Host.IdleAsync().GetAwaiter().GetResult();
        Slack.Clear();
        Slack.UsersInfoDelay = TimeSpan.Zero;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
        await Database.DisposeAsync();
    }
}
