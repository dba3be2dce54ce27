using Crm.Bot.Platforms.Slack;
using Crm.Testing.Slack;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>A Web API client wired to a fresh <see cref="FakeSlackServer"/>, for client, directory and transport tests.</summary>
public sealed class SlackApiFixture : IAsyncLifetime
{
    public FakeSlackServer Slack { get; private set; } = null!;

    public SlackOptions Options() => new()
    {
        SigningSecret = "secret",
        BotToken = "xoxb-test-token",
        ApiBaseUrl = Slack.ApiBaseUrl,
        ApiMaxAttempts = 4,
        ApiTimeoutMs = 2000,
    };

    public SlackApiClient Client(TimeProvider? time = null, SlackOptions? options = null)
    {
        var o = Microsoft.Extensions.Options.Options.Create(options ?? Options());
        time ??= TimeProvider.System;
        return new SlackApiClient(new HttpClient(), o, time, NullLogger<SlackApiClient>.Instance);
    }

    public SlackDirectory Directory(IMemoryCache cache) =>
        new(Client(), cache, Microsoft.Extensions.Options.Options.Create(Options()), NullLogger<SlackDirectory>.Instance);

    public async Task InitializeAsync() => Slack = await FakeSlackServer.StartAsync();

    public async Task DisposeAsync() => await Slack.DisposeAsync();
}
