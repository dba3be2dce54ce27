using System.Diagnostics;
using Crm.Jobs.Telemetry;
using System.Threading.Channels;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Delivery;

/// <summary>
/// The one in-process sender of answers, for every platform: takes copies of rows the pipeline stored
/// claimed by this host (<see cref="AnswerOutbox.HandOff"/>), sends each once through its platform's
/// <see cref="IMessageTransport"/> with up to <see cref="AnswerSenderOptions.MaxSendsInFlight"/> in
/// flight, each after its channel's turn (<see cref="ChannelPacer"/>), and records the outcome with the
/// dispatcher's own <see cref="OutboxOutcomeRecorder"/>. A queued row's claim is renewed
/// (<see cref="ClaimHeartbeat"/>) from the moment it is queued until its outcome is written. What it does not send — its queue was full, the host stopped before
/// the row's turn, the send failed in a way retrying may fix — stays in the outbox for the dispatcher:
/// the row's claim runs out and the dispatcher sends it like any other.
/// </summary>
public sealed class AnswerSender(
    IServiceScopeFactory scopes,
    IOptions<AnswerSenderOptions> options,
    OutboxClaims claims,
    ClaimHeartbeat heartbeat,
    ChannelPacer pacer,
    OutboxOutcomeRecorder recorder,
    TimeProvider time,
    ILogger<AnswerSender> log) : IHostedService
{
    private readonly Channel<Queued> _queue = Channel.CreateBounded<Queued>(
        new BoundedChannelOptions(options.Value.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly CancellationTokenSource _abort = new();
    private Task _reading = Task.CompletedTask;
    // Rows queued or being sent (IdleAsync); 1 while a full queue turns rows away (logged once per burst); 1 once stopping.
    private int _pending, _overflowing, _stopping;

    /// <summary>
    /// Queues a copy of a stored row to be sent. False when the queue is full or the host is stopping:
    /// the row is stored and claimed, so the dispatcher sends it once the claim runs out.
    /// </summary>
    public bool Enqueue(AnswerRow row)
    {
        Interlocked.Increment(ref _pending);
        var hold = heartbeat.Hold(row.Row);
        // The send continues the request's trace (the edge's span is its parent), though it runs later on the sender's loop.
        if (Volatile.Read(ref _stopping) == 0 && _queue.Writer.TryWrite(new Queued(row, hold, Activity.Current?.Context ?? default)))
        {
            if (Interlocked.Exchange(ref _overflowing, 0) == 1)
                log.LogInformation("The answer queue takes answers again");
            return true;
        }
        hold.Dispose();
        Interlocked.Decrement(ref _pending);
        if (Volatile.Read(ref _stopping) == 0 && Interlocked.Exchange(ref _overflowing, 1) == 0)
            log.LogWarning("The answer queue is full ({Capacity} answers): answers are left to the outbox dispatcher until it has room",
                options.Value.QueueCapacity);
        return false;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _reading = Task.Run(ReadAsync, CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Takes no new rows, then sends what is queued until <paramref name="cancellationToken"/> (the host's
    /// shutdown timeout) ends; sends still in flight then are cut off, and what is left keeps its claim.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _stopping, 1);
        _queue.Writer.TryComplete();
        await using (cancellationToken.Register(() => _abort.Cancel()))
            await _reading;
        // What is left keeps its claim, no longer renewed: it runs out and the dispatcher sends the rows.
        var left = 0;
        while (_queue.Reader.TryRead(out var item))
        {
            item.Hold.Dispose();
            left++;
        }
        if (left > 0)
            log.LogWarning("{Count} answers were not sent before the host stopped; the outbox dispatcher sends them once their claims run out", left);
    }

    /// <summary>Completes when nothing is queued or being sent (tests), or once the sender has stopped.</summary>
    public async Task IdleAsync()
    {
        while (Volatile.Read(ref _pending) > 0 && !_reading.IsCompleted)
            await Task.Delay(5);
    }

    private async Task ReadAsync()
    {
        var max = options.Value.MaxSendsInFlight;
        using var slots = new SemaphoreSlim(max);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(_abort.Token))
                while (_queue.Reader.TryPeek(out _))
                {
                    await slots.WaitAsync(_abort.Token);
                    // Taken only once a slot is free, so a row that waits stays counted in the queue's bound.
                    if (!_queue.Reader.TryRead(out var item))
                    {
                        slots.Release();
                        break;
                    }
                    _ = SendReleasingAsync(item, slots);
                }
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
        }
        // Every send in flight holds a slot: taking them all back waits for the last one to end.
        for (var i = 0; i < max; i++)
            await slots.WaitAsync(CancellationToken.None);
    }

    private async Task SendReleasingAsync(Queued queued, SemaphoreSlim slots)
    {
        var item = queued.Row;
        using var span = CrmTracing.Source.StartActivity("crm.answer.send", ActivityKind.Internal, queued.Parent);
        span?.SetTag(CrmTracing.Tags.Platform, CrmTracing.PlatformTag(item.Row.Platform));
        try
        {
            await SendAsync(item, _abort.Token);
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            // Cut off by shutdown: the row stays claimed until its claim runs out; then the dispatcher sends it.
        }
        catch (Exception e)
        {
            // The row stays claimed until its claim runs out; then the dispatcher retries it.
            log.LogError(e, "Sending answer {Id} failed", item.Row.Id);
        }
        finally
        {
            queued.Hold.Dispose();
            slots.Release();
            Interlocked.Decrement(ref _pending);
        }
    }

    /// <summary>
    /// Sends the row the item holds a copy of. On PostgreSQL a copy whose claim has plenty of time left is
    /// sent as it is (with what the edge knew about it) and its outcome written only while the claim is
    /// still this host's; otherwise (an old copy, or the embedded database) the row is read first and sent
    /// only if it is still this host's.
    /// </summary>
    private async Task SendAsync(AnswerRow item, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var copy = item.Row;
        // The copy's claim was renewed in the database while it waited; an old copy is read again.
        var fromCopy = ClaimedRowOutcome.WritesFromCopy(db) && ClaimedOutbox.IsOurs(copy, claims) && copy.LockedUntil - time.GetUtcNow() > claims.ClaimFor / 2;
        // Read untracked, like the copy: the recorder writes the outcome from the row it is given.
        var message = fromCopy ? copy : await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == copy.Id, cancellationToken);
        if (message is null || !ClaimedOutbox.IsOurs(message, claims))
            return;
        var transport = scope.ServiceProvider.GetServices<IMessageTransport>().LastOrDefault(t => t.Platform == message.Platform);
        if (transport is null)
        {
            log.LogWarning("No transport for {Platform} on this host; answer {Id} is left to the outbox dispatcher", message.Platform, message.Id);
            return;
        }
        var replaces = message.ReplacesMessageId is { } r ? await db.Outbox.AsNoTracking().FirstOrDefaultAsync(o => o.Id == r, cancellationToken) : null;
        var reply = fromCopy ? item.Reply : Reply.FromJson(message.ReplyJson);
        // The dispatcher's rule for every send: a channel re-bound since the answer was rendered (its
        // binding may have come from a cache) must not receive what its clearance no longer allows.
        var clearance = await OutboxClearanceGate.CheckAsync(db, message, reply, cancellationToken);
        if (!clearance.MaySend)
        {
            Activity.Current?.SetTag(CrmTracing.Tags.Outcome, "withheld");
            await recorder.RefuseAsync(db, message, claims.Owner, clearance.Reason!, cancellationToken);
            return;
        }
        await pacer.WaitTurnAsync(message, cancellationToken);

        DeliveryResult result;
        try
        {
            result = fromCopy && item.SendHint is { } hint && transport is IKnownTargetTransport known
                ? await known.SendAsync(db, message, reply, replaces, hint, cancellationToken)
                : await transport.SendAsync(message, reply, replaces, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "Sending answer {Id} failed", message.Id);
            result = DeliveryResult.Transient($"{e.GetType().Name}: {e.Message}");
        }
        Activity.Current?.SetTag(CrmTracing.Tags.Outcome, result.Outcome.ToString().ToLowerInvariant());
        if (result.Outcome != DeliveryOutcome.Sent)
            log.LogWarning("Answer {Id} ({Platform}) not delivered yet: {Error}", message.Id, message.Platform, result.Error);
        // Written until the database takes it (the recorder retries, the claim renewed meanwhile), unless the
        // shutdown time is up: then the row keeps its claim and may be sent again once the claim runs out.
        if (!await recorder.RecordAsync(db, message, claims.Owner, result, cancellationToken))
            log.LogWarning("Answer {Id} was taken over by the dispatcher before its outcome was recorded; it may be delivered twice", message.Id);
    }

    /// <summary>A row in the queue with the hold that renews its claim until its outcome is written.</summary>
    private sealed record Queued(AnswerRow Row, IDisposable Hold, ActivityContext Parent);
}
