using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Telemetry;

/// <summary>
/// Reads the outbox's depth and oldest waiting message every <see cref="Interval"/> for the gauges of
/// <see cref="CrmMetrics"/>, so a scrape never waits for the database. A database that cannot be read
/// leaves the last sample (said once in the log until it can be read again); one not migrated is not read.
/// </summary>
public sealed class OutboxDepthSampler(IServiceScopeFactory scopes, CrmMetrics metrics, TimeProvider time, ILogger<OutboxDepthSampler> log)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);
    private bool _failing;
    private bool _ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await SampleAsync(stoppingToken);
            try { await Task.Delay(Interval, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    public async Task SampleAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            // A database that is not migrated (or not there) has no outbox yet: the dispatcher and /readyz say so.
            // Looked at until it is ready once; a running host's schema does not go back.
            if (!_ready && !(_ready = (await DatabaseState.CheckAsync(db, ct)).Status == DatabaseStatus.Ready)) return;
            var pending = db.Outbox.AsNoTracking().Where(m => m.Status == OutboxStatus.Pending);
            var count = await pending.LongCountAsync(ct);
            var oldest = count == 0 ? (DateTimeOffset?)null
                : await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
            var failed = await db.Outbox.AsNoTracking().LongCountAsync(m => m.Status == OutboxStatus.Failed, ct);
            var age = oldest is { } o ? Math.Max(0, (time.GetUtcNow() - o).TotalSeconds) : 0;
            metrics.Outbox(new CrmMetrics.OutboxDepth(count, failed, age));
            _failing = false;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (!_failing) log.LogWarning("Outbox depth not sampled: {Error}", e.Message);
            _failing = true;
        }
    }
}
