using System.Text.Json.Nodes;
using Crm.Bot.Platforms.Slack;
using Crm.Domain.Audit;
using Crm.Domain.Outbox;
using Crm.Jobs.Outbox;
using Crm.Domain.Replies;
using Crm.Testing.Slack;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Direct answers are stored in the outbox before they are sent: sent at once when Slack takes them,
/// otherwise left to the dispatcher, which can deliver them from the stored address alone.
/// </summary>
[Collection(SlackEndpointCollection.Name)]
public sealed class SlackAnswerOutboxTests(SlackEndpointFixture fixture) : IDisposable
{
    public void Dispose() => fixture.Reset();

    private async Task SendEventAsync(JsonObject e)
    {
        await fixture.Client.SendAsync(SlackRequests.Event(SlackRequests.EventBody(SlackRequests.NewEventId(), e)));
        await fixture.Host.IdleAsync();
    }

    private async Task<OutboxMessage> AnswerRowAsync(Predicate<OutboxMessage> match)
    {
        await using var db = fixture.Database.CreateContext();
        var rows = await db.Outbox.AsNoTracking().Where(o => o.Platform == Domain.Common.Platform.Slack && o.Purpose == "answer").ToListAsync();
        return Assert.Single(rows, match);
    }

    private async Task<DeliveryResult> DeliverAsDispatcherAsync(OutboxMessage row)
    {
        await using var scope = fixture.Host.Services.CreateAsyncScope();
        var transport = scope.ServiceProvider.GetServices<IMessageTransport>().Single(t => t.Platform == Domain.Common.Platform.Slack);
        return await transport.SendAsync(row, Reply.FromJson(row.ReplyJson), null, CancellationToken.None);
    }

    [Fact]
    public async Task MentionAnswer_IsStoredFirst_ThenMarkedSent_WithItsThread()
    {
        var ts = $"1700000001.{Random.Shared.Next(100000, 999999)}";
        await SendEventAsync(new JsonObject { ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = "<@U0BOT> show acme", ["ts"] = ts });

        var row = await AnswerRowAsync(o => o.ReplyToExternalId == ts);
        Assert.Equal((OutboxTargetKind.Channel, "C0SALES", OutboxStatus.Sent, 1), (row.TargetKind, row.Recipient, row.Status, row.Attempts));
        Assert.NotNull(row.ExternalMessageId);
        // Sent by this host; with no spacing configured the channel is free at once.
        Assert.Equal(fixture.Host.Services.GetRequiredService<OutboxClaims>().Owner, row.LockedBy);
        Assert.Null(row.LockedUntil);
    }

    [Fact]
    public async Task AnswerSlackRefusesForGood_IsFailed_AndLeavesAnAuditRecord()
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.Error("channel_not_found"));
        var ts = $"1700000002.{Random.Shared.Next(100000, 999999)}";
        await SendEventAsync(new JsonObject { ["type"] = "app_mention", ["user"] = "U0AVA", ["channel"] = "C0SALES", ["text"] = "<@U0BOT> help", ["ts"] = ts });

        var row = await AnswerRowAsync(o => o.ReplyToExternalId == ts);
        Assert.Equal((OutboxStatus.Failed, 1), (row.Status, row.Attempts));
        await using var db = fixture.Database.CreateContext();
        var audit = Assert.Single(await db.Audit.AsNoTracking().Where(a => a.RecordRef == row.IdempotencyKey).ToListAsync());
        Assert.Equal((AuditAction.Delivery, AuditOutcome.Failed), (audit.Action, audit.Outcome));
        Assert.Contains("channel_not_found", audit.Detail);
    }

    [Fact]
    public async Task AnswerSlackCannotTakeNow_StaysInTheOutbox_AndTheDispatcherDeliversIt()
    {
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.ServerError(503));
        var dm = $"D0{Random.Shared.Next(100000, 999999)}";
        await SendEventAsync(new JsonObject { ["type"] = "message", ["channel_type"] = "im", ["user"] = "U0FIONA", ["channel"] = dm, ["text"] = "help", ["ts"] = "1.9" });

        var row = await AnswerRowAsync(o => o.Recipient == dm);
        Assert.Equal((OutboxStatus.Pending, OutboxTargetKind.User, 1), (row.Status, row.TargetKind, row.Attempts));
        Assert.Null(row.LockedBy);
        Assert.Contains("http_503", row.LastError);
        // The dispatcher's backoff (2 s ± 20 % after the first attempt), and the channel waits with the message.
        Assert.True(row.NextAttemptAt - row.CreatedAt >= TimeSpan.FromSeconds(1.6), "retried after the backoff");
        Assert.Equal(row.NextAttemptAt, row.LockedUntil);

        var result = await DeliverAsDispatcherAsync(row);
        Assert.Equal(DeliveryOutcome.Sent, result.Outcome);
        Assert.Equal(dm, fixture.Slack.CallsTo("chat.postMessage").Last().Str("channel"));
    }

    [Fact]
    public async Task StoredEphemeralAnswer_GoesToTheAskerOnly_OrToTheirDmWhenTheBotIsNotInTheChannel()
    {
        var row = new OutboxMessage
        {
            Id = 1, Platform = Domain.Common.Platform.Slack, Workspace = "T0DEMO", Purpose = "answer",
            TargetKind = OutboxTargetKind.Ephemeral, Recipient = "C0SALES/U0AVA", ReplyJson = Reply.Text("only for you").ToJson(),
        };

        Assert.Equal(DeliveryOutcome.Sent, (await DeliverAsDispatcherAsync(row)).Outcome);
        var ephemeral = Assert.Single(fixture.Slack.CallsTo("chat.postEphemeral"));
        Assert.Equal(("C0SALES", "U0AVA"), (ephemeral.Str("channel"), ephemeral.Str("user")));

        fixture.Slack.Script("chat.postEphemeral", FakeSlackAnswer.Error("not_in_channel"));
        Assert.Equal(DeliveryOutcome.Sent, (await DeliverAsDispatcherAsync(row)).Outcome);
        Assert.Equal("U0AVA", Assert.Single(fixture.Slack.CallsTo("chat.postMessage")).Str("channel"));
    }

    [Fact]
    public async Task StoredReplyUrlAnswer_IsPostedToThatAddress_WithItsVisibility()
    {
        var row = new OutboxMessage
        {
            Id = 2, Platform = Domain.Common.Platform.Slack, Workspace = "T0DEMO", Purpose = "answer",
            TargetKind = OutboxTargetKind.ReplyUrl, Recipient = fixture.Slack.ResponseUrl("stored"),
            ReplyJson = (Reply.Text("for the channel") with { Visibility = ReplyVisibility.Channel }).ToJson(),
        };

        Assert.Equal(DeliveryOutcome.Sent, (await DeliverAsDispatcherAsync(row)).Outcome);
        var posted = Assert.Single(fixture.Slack.CallsTo("response_url"));
        Assert.Equal("in_channel", posted.Str("response_type"));
    }

    [Fact]
    public async Task FailedReplyUrlAnswer_IsListedForAdmins_WithoutItsAddress()
    {
        var secret = fixture.Slack.ResponseUrl($"secret-{Guid.NewGuid():N}");
        await using (var db = fixture.Database.CreateContext())
        {
            db.Outbox.Add(new OutboxMessage
            {
                IdempotencyKey = $"slack:answer:{Guid.NewGuid():N}", Platform = Domain.Common.Platform.Slack, Workspace = "T0DEMO", Purpose = "answer",
                TargetKind = OutboxTargetKind.ReplyUrl, Recipient = secret, ReplyJson = Reply.Text("x").ToJson(),
                Status = OutboxStatus.Failed, LastError = "Slack response_url: expired_url", CreatedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }

        await using var read = fixture.Database.CreateContext();
        var listed = await new OutboxAdmin(read, TimeProvider.System).ListFailedAsync(500, CancellationToken.None);
        Assert.Contains(listed, e => e.Target.Contains("reply address"));
        Assert.DoesNotContain(listed, e => e.Target.Contains("secret-"));
    }

    [Fact]
    public async Task SplitAnswerStoppedPartWay_IsResumedAfterTheDeliveredParts_InTheFirstPartsThread()
    {
        var rows = Enumerable.Range(1, 300).Select(i => (IReadOnlyList<string>)[$"T-{i}", new string('x', 250)]).ToList();
        fixture.Pipeline.Answer = _ => new Reply { Visibility = ReplyVisibility.Channel, FallbackText = "Tickets", Blocks = [new TableBlock(null, ["Ticket", "Subject"], rows)] };
        // The first part goes through, the second meets a Slack outage.
        fixture.Slack.Script("chat.postMessage", FakeSlackAnswer.Slow(TimeSpan.Zero), FakeSlackAnswer.ServerError(503));
        var ts = $"1700000002.{Random.Shared.Next(100000, 999999)}";
        await SendEventAsync(new JsonObject { ["type"] = "app_mention", ["user"] = "U0MAX", ["channel"] = "C0SALES", ["text"] = "<@U0BOT> report tickets", ["ts"] = ts });

        var row = await AnswerRowAsync(o => o.ReplyToExternalId == ts);
        Assert.Equal((OutboxStatus.Pending, 1), (row.Status, row.PartsSent));
        Assert.NotNull(row.ExternalMessageId);
        var before = fixture.Slack.CallsTo("chat.postMessage").Count;

        Assert.Equal(DeliveryOutcome.Sent, (await DeliverAsDispatcherAsync(row)).Outcome);
        var resumed = fixture.Slack.CallsTo("chat.postMessage").Skip(before).ToList();
        Assert.NotEmpty(resumed);
        Assert.All(resumed, c => Assert.Equal(ts, c.Str("thread_ts")));
        Assert.DoesNotContain(resumed, c => c.Body.ToJsonString().Contains("T-1 \u00B7") || c.Body.ToJsonString().Contains("T-1 ·"));
        Assert.Contains(resumed, c => c.Body.ToJsonString().Contains("T-300"));
    }
}
