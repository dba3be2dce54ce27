using Crm.Jobs.Telemetry;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Sends one claimed message through its platform's transport, in its channel's turn
/// (<see cref="ChannelPacer"/>), and has <see cref="OutboxOutcomeRecorder"/> record the outcome. What is
/// the dispatcher's own: finding the transport, reading the stored reply, the clearance gate, waiting
/// for a message this one replaces, and the send timeout.
/// </summary>
public sealed class OutboxDelivery(
    CrmDbContext db,
    IEnumerable<IMessageTransport> transports,
    ChannelPacer pacer,
    OutboxOutcomeRecorder recorder,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDelivery> log)
{
    /// <summary>Returns when this message's channel may receive the next one, and whether the channel now waits for a retry.</summary>
    public async Task<DeliveryStep> DeliverAsync(OutboxMessage message, string owner, CancellationToken ct)
    {
        using var span = CrmTracing.Source.StartActivity("crm.outbox.send");
        span?.SetTag(CrmTracing.Tags.Platform, CrmTracing.PlatformTag(message.Platform));
        span?.SetTag(CrmTracing.Tags.Kind, message.Purpose);
        var o = options.Value;
        var transport = transports.LastOrDefault(t => t.Platform == message.Platform);
        if (transport is null)
            return await RecordAsync(message, owner, DeliveryResult.Permanent($"No transport is configured for {message.Platform}."), ct);

        Reply reply;
        try { reply = Reply.FromJson(message.ReplyJson); }
        catch (System.Text.Json.JsonException e)
        {
            return await RecordAsync(message, owner, DeliveryResult.Permanent($"The stored reply is not readable: {e.Message}"), ct);
        }

        // Every delivery, `outbox retry` included, passes here: a channel re-bound since the message was
        // rendered must not receive what its clearance no longer allows.
        var clearance = await OutboxClearanceGate.CheckAsync(db, message, reply, ct);
        if (!clearance.MaySend)
        {
            await recorder.RefuseAsync(db, message, owner, clearance.Reason!, ct);
            return Step(message);
        }

        OutboxMessage? replaces = null;
        if (message.ReplacesMessageId is { } replacedId)
        {
            replaces = await db.Outbox.AsNoTracking().FirstOrDefaultAsync(r => r.Id == replacedId, ct);
            // An update must follow the message it updates; wait for it rather than post a second card.
            if (replaces is { Status: OutboxStatus.Pending })
                return await WaitForReplacedAsync(message, owner, TimeSpan.FromSeconds(2), ct);
        }

        await pacer.WaitTurnAsync(message, ct);
        DeliveryResult result;
        using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            timeout.CancelAfter(o.SendTimeout);
            try { result = await transport.SendAsync(message, reply, replaces, timeout.Token); }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                result = DeliveryResult.Transient($"No answer from {message.Platform} within {o.SendTimeout.TotalSeconds:0} s.");
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning(e, "Sending outbox message {Id} failed", message.Id);
                result = DeliveryResult.Transient($"{e.GetType().Name}: {e.Message}");
            }
        }
        return await RecordAsync(message, owner, result, ct);
    }

    private async Task<DeliveryStep> RecordAsync(OutboxMessage message, string owner, DeliveryResult result, CancellationToken ct)
    {
        // The sent bookkeeping (not "taken over") is logged by the recorder; the host still sent it at most once.
        if (!await recorder.RecordAsync(db, message, owner, result, ct))
            log.LogWarning("Outbox message {Id} was taken over by another sender before its outcome was recorded", message.Id);
        return Step(message);
    }

    /// <summary>What the recorded row says: when its channel is free again, and whether it waits for a retry.</summary>
    private DeliveryStep Step(OutboxMessage recorded) =>
        new(recorded.LockedUntil ?? time.GetUtcNow(), Retrying: recorded.Status == OutboxStatus.Pending);

    /// <summary>Tries again after <paramref name="wait"/> without counting an attempt; the channel waits with it.</summary>
    private async Task<DeliveryStep> WaitForReplacedAsync(OutboxMessage message, string owner, TimeSpan wait, CancellationToken ct)
    {
        var at = time.GetUtcNow() + wait;
        await db.Outbox.Where(r => r.Id == message.Id && r.LockedBy == owner && r.Status == OutboxStatus.Pending)
            .ExecuteUpdateAsync(s => s
                .SetProperty(r => r.NextAttemptAt, at)
                .SetProperty(r => r.LastError, "Waiting for the message it replaces to be sent.")
                .SetProperty(r => r.LockedBy, (string?)null)
                .SetProperty(r => r.LockedUntil, at), ct);
        return new DeliveryStep(at, Retrying: true);
    }
}
