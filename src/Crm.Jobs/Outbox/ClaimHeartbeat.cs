using System.Collections.Concurrent;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Outbox;

/// <summary>
/// Keeps this host's claims alive while it holds rows (sending, waiting for a channel's turn, or
/// retrying an outcome write): every third of the claim's length one UPDATE moves the claim of all
/// held rows on. Claims can therefore be short, and the rows of a host that died move on to another
/// within <see cref="OutboxClaims.ClaimFor"/>.
/// </summary>
public sealed class ClaimHeartbeat(
    OutboxClaims claims,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<ClaimHeartbeat> log) : BackgroundService
{
    /// <summary>Row id → how many holds are open on it (the dispatcher and the recorder may both hold one).</summary>
    private readonly ConcurrentDictionary<long, int> _held = new();
    private bool _failing;

    /// <summary>Renews the row's claim until the returned handle is disposed.</summary>
    public IDisposable Hold(OutboxMessage row)
    {
        _held.AddOrUpdate(row.Id, 1, (_, n) => n + 1);
        return new Handle(this, row.Id);
    }

    /// <summary>The ids held right now (for tests and diagnostics).</summary>
    public IReadOnlyCollection<long> Held => _held.Keys.ToList();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(claims.ClaimFor / 3, time, stoppingToken); }
            catch (OperationCanceledException) { break; }
            await BeatAsync(stoppingToken);
        }
    }

    /// <summary>One renewal of every held row; a failure is tried again at the next beat.</summary>
    internal async Task BeatAsync(CancellationToken ct)
    {
        var ids = _held.Keys.ToArray();
        if (ids.Length == 0) return;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var owner = claims.Owner;
            var until = time.GetUtcNow() + claims.ClaimFor;
            await db.Outbox.Where(o => ids.Contains(o.Id) && o.LockedBy == owner && o.Status == OutboxStatus.Pending)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.LockedUntil, until), ct);
            if (_failing) log.LogInformation("Outbox claims are renewed again");
            _failing = false;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { }
        catch (Exception e)
        {
            // Said once per outage: the database being down is reported elsewhere, a line per beat would drown it.
            if (!_failing) log.LogWarning(e, "Renewing {Count} outbox claims failed; trying again every {Interval}", ids.Length, claims.ClaimFor / 3);
            _failing = true;
        }
    }

    private void Release(long id)
    {
        while (_held.TryGetValue(id, out var n))
        {
            if (n <= 1 ? _held.TryRemove(new KeyValuePair<long, int>(id, n)) : _held.TryUpdate(id, n - 1, n)) return;
        }
    }

    private sealed class Handle(ClaimHeartbeat heartbeat, long id) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) heartbeat.Release(id);
        }
    }
}
