using Crm.Bot.Delivery;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Sends the outbox rows this host claimed for immediate Teams answers, and records the outcome.</summary>
internal sealed class TeamsOutboundWorker(
    TeamsOutboundQueue queue,
    IServiceScopeFactory scopes,
    TeamsMessageTransport transport,
    OutboxClaims claims,
    ChannelPacer pacer,
    OutboxOutcomeRecorder recorder,
    TimeProvider time,
    ILogger<TeamsOutboundWorker> logger) : BackgroundService
{
    /// <summary>
    /// Sends in flight at once. Each mostly waits (on the connector, or on a conversation's pacing),
    /// so a busy conversation must not hold up answers to others.
    /// </summary>
    private const int MaxConcurrentSends = 32;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentSends);
        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken))
            {
                await slots.WaitAsync(stoppingToken);
                _ = SendReleasingAsync(item, slots, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        // Every send in flight holds a slot: taking them all back waits for the last one to end.
        for (var i = 0; i < MaxConcurrentSends; i++)
            await slots.WaitAsync(CancellationToken.None);
    }

    private async Task SendReleasingAsync(TeamsOutbound item, SemaphoreSlim slots, CancellationToken stoppingToken)
    {
        try
        {
            await SendAsync(item, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the row stays claimed until its claim runs out; then the dispatcher sends it.
        }
        catch (Exception e)
        {
            // The row stays claimed until its claim runs out; then the dispatcher retries it.
            logger.LogError(e, "Sending Teams outbox message {Id} failed", item.Message.Id);
        }
        finally
        {
            item.Hold?.Dispose();
            slots.Release();
        }
    }

    /// <summary>
    /// Sends the row the item holds a copy of. On PostgreSQL a copy whose claim has plenty of time left
    /// is sent as it is (with what the handler knew about it); otherwise (an old copy, or the embedded
    /// database) the row is read first and sent only if it is still this host's.
    /// </summary>
    internal async Task SendAsync(TeamsOutbound item, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var stored = item.Message;
        var fromCopy = ClaimedRowOutcome.WritesFromCopy(db) && ClaimedOutbox.IsOurs(stored, claims) && stored.LockedUntil - time.GetUtcNow() > claims.ClaimFor / 2;
        var message = fromCopy ? stored : await db.Outbox.FirstOrDefaultAsync(o => o.Id == stored.Id, cancellationToken);
        if (message is null || !ClaimedOutbox.IsOurs(message, claims))
            return;
        var replaces = message.ReplacesMessageId is { } r ? await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r, cancellationToken) : null;

        var reply = fromCopy && item.Reply is not null ? item.Reply : Reply.FromJson(message.ReplyJson);
        await pacer.WaitTurnAsync(message, cancellationToken);
        var result = await transport.SendAsync(db, message, reply, replaces, fromCopy ? item.Target : null, cancellationToken);
        if (!await ClaimedOutbox.RecordAsync(db, message, result, claims, recorder, cancellationToken))
            logger.LogWarning("Teams outbox message {Id} was taken over by the dispatcher before its outcome was recorded; it may be delivered twice", message.Id);
    }
}
