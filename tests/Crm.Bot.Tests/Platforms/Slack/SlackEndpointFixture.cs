using Crm.Bot.Pipeline;
using Crm.Domain.Demo;
using Crm.Testing;
using Crm.Testing.Slack;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>A migrated test database, a fake Slack, and the real host with the Slack edge in front of a recording pipeline.</summary>
public sealed class SlackEndpointFixture : IAsyncLifetime
{
    public PostgresDatabase Database { get; private set; } = null!;
    public FakeSlackServer Slack { get; private set; } = null!;
    public RecordingPipeline Pipeline { get; } = new();
    public SlackHost Host { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;

    public SlackHost NewHost(string? secret = SlackHost.Secret, RecordingPipeline? pipeline = null) =>
        new(Database.ConnectionString, Slack, secret,
            new Dictionary<string, string?> { ["Slack:InlineReplyBudgetMs"] = "1500" },
            services =>
            {
                services.RemoveAll<ICommandPipeline>();
                var recording = pipeline ?? Pipeline;
                services.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(recording));
            });

    public async Task InitializeAsync()
    {
        Database = await PostgresDatabase.CreateAsync();
        await using (var db = Database.CreateContext())
            DemoFixedRecords.Add(db, DateOnly.FromDateTime(DateTime.UtcNow), DateTimeOffset.UtcNow);
        Slack = await FakeSlackServer.StartAsync();
        Host = NewHost();
        Client = Host.CreateClient();
    }

    /// <summary>Between tests: let late work finish first, so it cannot leak into the next test's records.</summary>
    public void Reset()
    {
        Host.IdleAsync().GetAwaiter().GetResult();
        Slack.Clear();
        Pipeline.Requests.Clear();
        Pipeline.Gate = null;
        Pipeline.Answer = null;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Slack.DisposeAsync();
        await Database.DisposeAsync();
    }
}
