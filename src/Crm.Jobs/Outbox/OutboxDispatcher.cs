using Crm.Jobs.Telemetry;
using System.Collections.Concurrent;
using Crm.Domain.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Delivers the outbox: claims due messages (one per channel at a time), sends each on its own task,
/// and claims again when a channel's pause ends, a new message is stored, or the poll interval passes.
/// Every host may run one; the claim keeps them from sending the same message. A claimed message is
/// held (<see cref="ClaimHeartbeat"/>) until its outcome is recorded, so its short claim does not run out
/// while it waits for its channel's turn or its send.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    OutboxSignal signal,
    OutboxClaims claims,
    ClaimHeartbeat heartbeat,
    IOptions<OutboxOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> _inFlight = new();

    /// <summary>This host's claim owner (shared with its direct answers).</summary>
    public string Owner => claims.Owner;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        log.LogInformation("Outbox dispatcher {Owner} started", Owner);
        var ready = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!ready)
            {
                // Until the database is known to be migrated, look before claiming: an unmigrated one is
                // said once and waited for, instead of a failed query (and a stack trace) every poll.
                try { ready = await WaitUntilMigratedAsync(stoppingToken); }
                catch (OperationCanceledException) { break; }
                if (!ready) continue;
            }
            var free = o.MaxConcurrency - _inFlight.Count;
            var claimedAll = false;
            if (free > 0)
            {
                try
                {
                    var claimed = await ClaimAsync(Math.Min(free, o.BatchSize), stoppingToken);
                    // A batch is a span (its sends are its children); an empty poll is none.
                    using var batch = claimed.Count > 0 ? CrmTracing.Source.StartActivity("crm.outbox.batch") : null;
                    batch?.SetTag(CrmTracing.Tags.Count, claimed.Count);
                    foreach (var message in claimed)
                    {
                        var hold = heartbeat.Hold(message);
                        _inFlight[message.Id] = Task.Run(() => DeliverAsync(message, hold, stoppingToken), CancellationToken.None);
                    }
                    claimedAll = claimed.Count > 0 && claimed.Count == Math.Min(free, o.BatchSize);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    log.LogWarning(e, "Claiming outbox messages failed; trying again in {Interval}", o.PollInterval);
                    ready = false;
                }
            }
            if (claimedAll) continue;
            try { await signal.WaitAsync(o.PollInterval, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
        // Let sends already under way record their outcome; a message cut off mid-send is sent again after its claim.
        await Task.WhenAll(_inFlight.Values).WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>How long the dispatcher waits before looking again at a database that is not migrated.</summary>
    public static readonly TimeSpan NotMigratedBackoff = TimeSpan.FromSeconds(30);

    private bool _saidNotMigrated;

    /// <summary>True when the database is migrated; otherwise says so once, waits and returns false.</summary>
    private async Task<bool> WaitUntilMigratedAsync(CancellationToken ct)
    {
        DatabaseCheck check;
        await using (var scope = scopes.CreateAsyncScope())
            check = await DatabaseState.CheckAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), ct);
        if (check.Status == DatabaseStatus.Ready)
        {
            if (_saidNotMigrated) log.LogInformation("The database is ready; the outbox dispatcher starts delivering");
            _saidNotMigrated = false;
            return true;
        }
        if (!_saidNotMigrated)
        {
            log.LogWarning("Outbox dispatcher waiting: the database is {State}; looking again every {Backoff}", check.Describe(), NotMigratedBackoff);
            _saidNotMigrated = true;
        }
        await Task.Delay(NotMigratedBackoff, time, ct);
        return false;
    }

    private async Task<IReadOnlyList<Domain.Outbox.OutboxMessage>> ClaimAsync(int limit, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await OutboxClaimer.ClaimAsync(db, Owner, limit, time.GetUtcNow(), claims.ClaimFor, ct);
    }

    /// <summary>
    /// Delivers a claimed message, then keeps the channel: claims its next message at once and sends
    /// it in the channel's turn (<see cref="ChannelPacer"/>), until the channel's queue is empty or waits for a retry.
    /// </summary>
    private async Task DeliverAsync(Domain.Outbox.OutboxMessage message, IDisposable hold, CancellationToken ct)
    {
        var current = message;
        try
        {
            while (current is not null && !ct.IsCancellationRequested)
            {
                DeliveryStep step;
                await using (var scope = scopes.CreateAsyncScope())
                    step = await scope.ServiceProvider.GetRequiredService<OutboxDelivery>().DeliverAsync(current, Owner, ct);
                hold.Dispose();
                if (step.Retrying)
                {
                    signal.NotifyAt(step.ChannelFreeAt);
                    break;
                }
                await using (var scope = scopes.CreateAsyncScope())
                {
                    var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
                    current = await OutboxClaimer.ClaimNextInChannelAsync(db, current, Owner, time.GetUtcNow(), claims.ClaimFor, ct);
                }
                if (current is null) signal.NotifyAt(step.ChannelFreeAt);
                else hold = heartbeat.Hold(current);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            // No one renews the claim now: it runs out and the message is claimed again; nothing is lost.
            log.LogError(e, "Delivering outbox message {Id} failed unexpectedly", current?.Id ?? message.Id);
        }
        finally
        {
            hold.Dispose();
            _inFlight.TryRemove(message.Id, out _);
            signal.Notify();
        }
    }
}
