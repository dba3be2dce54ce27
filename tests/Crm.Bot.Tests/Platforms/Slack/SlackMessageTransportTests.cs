using Crm.Bot.Platforms.Slack;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackMessageTransportTests(SlackApiFixture fixture) : IClassFixture<SlackApiFixture>, IDisposable
{
    public void Dispose() => fixture.Slack.Clear();

    private SlackMessageTransport Transport() => new(fixture.Client(), new BlockKitRenderer(), NullLogger<SlackMessageTransport>.Instance);

    private static OutboxMessage Message(OutboxTargetKind kind, string recipient) => new()
    {
        Id = 7,
        Platform = Platform.Slack,
        Workspace = "T0DEMO",
        TargetKind = kind,
        Recipient = recipient,
        IdempotencyKey = "test:7",
        Purpose = "follow",
    };

    [Fact]
    public async Task ChannelMessage_IsPostedWithChatPostMessage_AndRemembersChannelAndTs()
    {
        var result = await Transport().SendAsync(Message(OutboxTargetKind.Channel, "C0SALES"), Reply.Text("Acme: deal moved to won"), null, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var call = Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
        Assert.Equal("C0SALES", call.Str("channel"));
        Assert.StartsWith("C0SALES/", result.ExternalMessageId);
    }

    [Fact]
    public async Task PrivateMessage_GoesToTheUsersDm()
    {
        var result = await Transport().SendAsync(Message(OutboxTargetKind.User, "U0AVA"), Reply.Text("Reminder: call Acme"), null, CancellationToken.None);

        Assert.Equal("U0AVA", Assert.Single(fixture.Slack.CallsTo("chat.postMessage")).Str("channel"));
        Assert.StartsWith("D0AVA/", result.ExternalMessageId);
    }

    [Fact]
    public async Task Replacement_UpdatesTheEarlierMessage_WithChatUpdate()
    {
        var earlier = Message(OutboxTargetKind.Channel, "C0SUPPORT");
        earlier.ExternalMessageId = "C0SUPPORT/1700000000.000100";

        var result = await Transport().SendAsync(Message(OutboxTargetKind.Channel, "C0SUPPORT"), Reply.Text("Handoff H-1 accepted by sam"), earlier, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        var call = Assert.Single(fixture.Slack.CallsTo("chat.update"));
        Assert.Equal("C0SUPPORT", call.Str("channel"));
        Assert.Equal("1700000000.000100", call.Str("ts"));
        Assert.Empty(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task ChannelGone_IsPermanent()
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.Error("channel_not_found"));
        var result = await Transport().SendAsync(Message(OutboxTargetKind.Channel, "C0GONE"), Reply.Text("x"), null, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Permanent, result.Outcome);
        Assert.Contains("channel_not_found", result.Error);
    }

    [Fact]
    public async Task RateLimit_IsTransient_WithSlacksRetryAfter_AndTriedOnlyOnce()
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.RateLimited(12));
        var result = await Transport().SendAsync(Message(OutboxTargetKind.Channel, "C0SALES"), Reply.Text("x"), null, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Transient, result.Outcome);
        Assert.Equal(TimeSpan.FromSeconds(12), result.RetryAfter);
        Assert.Single(fixture.Slack.CallsTo("chat.postMessage"));
    }

    [Fact]
    public async Task LongReply_FollowsInTheFirstMessagesThread()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 250)]).ToList();
        var reply = new Reply { FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] };

        await Transport().SendAsync(Message(OutboxTargetKind.Channel, "C0SALES"), reply, null, CancellationToken.None);

        var calls = fixture.Slack.CallsTo("chat.postMessage");
        Assert.True(calls.Count > 1);
        Assert.Null(calls[0].Str("thread_ts"));
        Assert.All(calls.Skip(1), c => Assert.False(string.IsNullOrEmpty(c.Str("thread_ts"))));
    }
}
