using Crm.Bot.Platforms.Slack;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Testing.Slack;
using Microsoft.Extensions.Logging.Abstractions;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Secrets stay secret: a response_url is a bearer credential and never reaches a log, an expired
/// one hands the answer to the asker's DM, request URLs with personal data are logged without it,
/// and unauthenticated rejections are counted per minute instead of logged one by one.
/// </summary>
public sealed class SlackSecretsTests(SlackApiFixture fixture) : IClassFixture<SlackApiFixture>, IDisposable
{
    public void Dispose() => fixture.Slack.Clear();

    private SlackMessageTransport Transport() => new(fixture.Client(), new BlockKitRenderer(), NullLogger<SlackMessageTransport>.Instance);

    private static OutboxMessage Answer(string recipient, DateTimeOffset createdAt) => new()
    {
        Id = 11, Platform = Platform.Slack, Workspace = "T0DEMO", TargetKind = OutboxTargetKind.ReplyUrl, Recipient = recipient,
        IdempotencyKey = "slack:answer:11", Purpose = "answer", CreatedAt = createdAt,
    };

    [Fact]
    public void StoredAnswerAddress_NamesTheAsker_SoAnExpiredOneCanGoToTheirDm()
    {
        var message = new OutboxMessage();
        SlackAnswerAddress.Apply(message, new SlackReplyTarget("U0AVA", "C0SALES", "https://hooks.slack.com/commands/T0/1/abc"), ReplyVisibility.Private);

        Assert.Equal(OutboxTargetKind.ReplyUrl, message.TargetKind);
        Assert.Equal(("https://hooks.slack.com/commands/T0/1/abc", "U0AVA"), SlackAnswerAddress.ReadReplyUrl(message.Recipient));
    }

    [Fact]
    public async Task AnswerOlderThanThirtyMinutes_GoesToTheAskersDm_NotToTheExpiredAddress()
    {
        var message = Answer($"U0AVA {fixture.Slack.ResponseUrl("expired")}", DateTimeOffset.UtcNow.AddMinutes(-31));

        var result = await Transport().SendAsync(message, Reply.Text("Acme: 3 open deals"), null, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Empty(fixture.Slack.CallsTo("response_url"));
        Assert.Equal("U0AVA", Assert.Single(fixture.Slack.CallsTo("chat.postMessage")).Str("channel"));
    }

    [Fact]
    public async Task AddressSlackCallsExpired_AnswerGoesToTheAskersDm()
    {
        fixture.Slack.Script("response_url", new FakeSlackAnswer(404, new System.Text.Json.Nodes.JsonObject { ["ok"] = false, ["error"] = "expired_url" }));
        var message = Answer($"U0SAM {fixture.Slack.ResponseUrl("used")}", DateTimeOffset.UtcNow.AddMinutes(-5));

        var result = await Transport().SendAsync(message, Reply.Text("Ticket T-1001 is open"), null, CancellationToken.None);

        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Single(fixture.Slack.CallsTo("response_url"));
        Assert.Equal("U0SAM", Assert.Single(fixture.Slack.CallsTo("chat.postMessage")).Str("channel"));
    }
}
