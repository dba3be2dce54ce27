using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Delivers a direct answer after the acknowledgement, honouring whether it is private or for the
/// channel. The answer is stored in the outbox first (claimed by this host) and sent at once; a
/// failure that retrying may fix, or a host that stops half-way, leaves it to the dispatcher.
/// </summary>
public sealed class SlackReplySender(
    CrmDbContext db,
    SlackMessageTransport transport,
    OutboxClaims claims,
    ClaimHeartbeat heartbeat,
    ChannelPacer pacer,
    OutboxOutcomeRecorder recorder,
    TimeProvider time,
    ILogger<SlackReplySender> log)
{
    public Task SendAsync(Reply reply, SlackReplyTarget target, string workspace, CancellationToken cancellationToken) =>
        StoreAndSendAsync(reply, target, workspace, "answer", cancellationToken);

    /// <summary>Everything after the first part, which already went back in the HTTP response.</summary>
    public Task SendRestAsync(Reply reply, SlackReplyTarget target, string workspace, CancellationToken cancellationToken) =>
        StoreAndSendAsync(reply, target, workspace, ClaimedOutbox.RestPurpose, cancellationToken);

    /// <summary>The JSON of a slash-command or response_url answer.</summary>
    public static JsonObject ResponseBody(SlackMessage message, ReplyVisibility visibility)
    {
        var body = message.ToJson();
        body["response_type"] = visibility == ReplyVisibility.Channel ? "in_channel" : "ephemeral";
        body["replace_original"] = false;
        return body;
    }

    private async Task StoreAndSendAsync(Reply reply, SlackReplyTarget target, string workspace, string purpose, CancellationToken ct)
    {
        var message = Stage(reply, target, workspace, $"slack:{purpose}:{Guid.NewGuid():N}", purpose);
        await db.SaveChangesAsync(ct);
        await SendStoredAsync(message, reply, ct);
    }

    /// <summary>
    /// Adds the answer's outbox row, claimed by this host, to the request's context without saving it:
    /// the caller saves it (or the pipeline saves it with the request's own rows), then sends it with
    /// <see cref="SendStoredAsync"/>.
    /// </summary>
    public OutboxMessage Stage(Reply reply, SlackReplyTarget target, string workspace, string key, string purpose = "answer")
    {
        var message = new OutboxMessage
        {
            IdempotencyKey = key,
            Platform = Platform.Slack,
            Workspace = workspace,
            ReplyJson = reply.ToJson(),
            Purpose = purpose,
        };
        SlackAnswerAddress.Apply(message, target, reply.Visibility);
        return ClaimedOutbox.Add(db, message, time.GetUtcNow(), claims);
    }

    /// <summary>Sends a stored answer row (or a copy of it) once and records the outcome; what is not sent stays for the dispatcher.</summary>
    public async Task SendStoredAsync(OutboxMessage message, Reply reply, CancellationToken ct)
    {
        // Held while it waits for the channel's turn and is sent, so its short claim does not run out.
        using var hold = heartbeat.Hold(message);
        await pacer.WaitTurnAsync(message, ct);
        var result = await transport.SendAsync(message, reply, null, ct);
        if (result.Outcome != DeliveryOutcome.Sent)
            log.LogWarning("Slack answer {Id} not delivered yet: {Error}", message.Id, result.Error);
        if (!await ClaimedOutbox.RecordAsync(db, message, result, claims, recorder, ct))
            log.LogWarning("Slack answer {Id} was taken over by the dispatcher before its outcome was recorded; it may be delivered twice", message.Id);
    }
}
