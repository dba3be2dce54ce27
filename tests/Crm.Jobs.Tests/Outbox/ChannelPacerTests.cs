using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Jobs.Outbox;
using Crm.Testing;
using static Crm.Jobs.Tests.Outbox.OutboxTestData;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>The one pacing per channel: the platform's spacing on this host (the shared pause is in <see cref="OutboxOutcomeRecorderTests"/>).</summary>
public sealed class ChannelPacerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Start);
    private PostgresDatabase _database = null!;

    public async Task InitializeAsync() => _database = await PostgresDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private static OutboxMessage Teams(string conversation)
    {
        var message = Message("k", conversation, Start);
        message.Platform = Platform.Teams;
        return message;
    }

    [Fact]
    public async Task SlackPosts_IntoOneChannel_GoOnePerInterval_OtherChannelsDoNotWait()
    {
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { SlackChannelInterval = TimeSpan.FromSeconds(1) }, _clock);

        await host.Pacer.WaitTurnAsync(Message("a", "C0SALES", Start), CancellationToken.None);
        var second = host.Pacer.WaitTurnAsync(Message("b", "C0SALES", Start), CancellationToken.None);
        await host.Pacer.WaitTurnAsync(Message("c", "C0MKT", Start), CancellationToken.None);
        await _clock.WaitForTimerAsync();
        Assert.False(second.IsCompleted);

        _clock.Advance(TimeSpan.FromSeconds(1));
        await second.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task SlackSpacing_CountsFromThePlatformsAnswer()
    {
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { SlackChannelInterval = TimeSpan.FromSeconds(1) }, _clock);
        var first = Message("a", "C0SALES", Start);
        Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(first));
        // The send took 300 ms: the next may go a full interval after the answer, not after the send began.
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        host.Pacer.Answered(first);

        Assert.Equal(TimeSpan.FromSeconds(1), host.Pacer.TakeTurn(Message("b", "C0SALES", Start)));
    }

    [Fact]
    public async Task ReplyAddressesAndTheConsole_AreNotPaced()
    {
        await using var host = new OutboxHost(_database.CreateContext, new OutboxOptions { SlackChannelInterval = TimeSpan.FromSeconds(1) }, _clock);
        var url = Message("u", "U0AVA https://hooks.slack.com/commands/1/2/3", Start);
        url.TargetKind = OutboxTargetKind.ReplyUrl;
        var console = Message("c", "console", Start);
        console.Platform = Platform.Console;

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(url));
            Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(console));
        }
        Assert.Null(ChannelPacer.KeyOf(url));
        Assert.Equal("C0SALES", ChannelPacer.KeyOf(new OutboxMessage { Platform = Platform.Slack, TargetKind = OutboxTargetKind.Ephemeral, Recipient = "C0SALES/U0AVA" })!.Recipient);
    }

    [Fact]
    public async Task TeamsSeventhSendInASecond_GoesAtOnce_TheEighthWaitsForTheWindow()
    {
        await using var host = new OutboxHost(_database.CreateContext, time: _clock);
        for (var i = 0; i < 7; i++)
            Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(Teams("19:c@thread.tacv2")));

        Assert.Equal(TimeSpan.FromSeconds(1), host.Pacer.TakeTurn(Teams("19:c@thread.tacv2")));
    }

    [Fact]
    public async Task TeamsThreadsOfAChannel_ShareItsLimit_OtherConversationsDoNot()
    {
        await using var host = new OutboxHost(_database.CreateContext, time: _clock);
        for (var i = 0; i < 7; i++)
            Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(Teams($"19:c@thread.tacv2;messageid={i}")));

        Assert.True(host.Pacer.TakeTurn(Teams("19:c@thread.tacv2")) > TimeSpan.Zero);
        Assert.Equal(TimeSpan.Zero, host.Pacer.TakeTurn(Teams("19:other@thread.tacv2")));
    }

    [Fact]
    public async Task TeamsSixtyPerThirtySeconds_IsHeld()
    {
        await using var host = new OutboxHost(_database.CreateContext, time: _clock);
        for (var sent = 0; sent < 60; sent++)
        {
            var wait = host.Pacer.TakeTurn(Teams("a:1"));
            if (wait > TimeSpan.Zero) _clock.Advance(wait);
        }
        Assert.True(_clock.GetUtcNow() - Start < TimeSpan.FromSeconds(30));

        var next = host.Pacer.TakeTurn(Teams("a:1"));
        Assert.True(_clock.GetUtcNow() + next >= Start.AddSeconds(30), "the 61st send waits until the first leaves the 30-second window");
    }
}
