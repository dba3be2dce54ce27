using Crm.Domain.Digests;
using Crm.Domain.Files;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Crm.Jobs.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Digests;

/// <summary>
/// Computes one digest and stores it in the outbox, exactly once per (subscription, scheduled time):
/// the idempotency key is that pair, and the subscription's LastRunAt moves in the same transaction,
/// so the next digest reports changes since this one.
/// </summary>
public sealed class DigestRunner(CrmDbContext db, ReportQueries reports, DigestReportCache cache, TimeProvider time, IOutboxSignal signal,
    CrmMetrics metrics, ILogger<DigestRunner> log)
{
    /// <summary>The kind of the digest this (scoped) runner last looked at, for the span and the duration.</summary>
    private string _kind = "unknown";

    public static string ScheduledKey(long subscriptionId, DateTimeOffset scheduledFor) =>
        $"digest:{subscriptionId}:{scheduledFor.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z";

    public static string ManualKey(long subscriptionId, DateTimeOffset requestedAt) =>
        $"digest:{subscriptionId}:run:{requestedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}Z";

    /// <param name="scheduledFor">The occurrence this run is for; a manual run passes when it was asked for.</param>
    /// <param name="manual">A `digest run N`: delivered once per request, and it does not move the schedule's "since".</param>
    public async Task<DigestRunOutcome> RunAsync(long subscriptionId, DateTimeOffset scheduledFor, bool manual, CancellationToken ct)
    {
        using var span = CrmTracing.Source.StartActivity("crm.digest");
        var started = time.GetTimestamp();
        var outcome = "failed";
        try
        {
            var result = await RunStepsAsync(subscriptionId, scheduledFor, manual, ct);
            outcome = result.ToString().ToLowerInvariant();
            return result;
        }
        finally
        {
            metrics.DigestRan(_kind, outcome, time.GetElapsedTime(started));
            span?.SetTag(CrmTracing.Tags.Kind, _kind);
            span?.SetTag(CrmTracing.Tags.Outcome, outcome);
        }
    }

    private async Task<DigestRunOutcome> RunStepsAsync(long subscriptionId, DateTimeOffset scheduledFor, bool manual, CancellationToken ct)
    {
        scheduledFor = scheduledFor.ToUniversalTime();
        var key = manual ? ManualKey(subscriptionId, scheduledFor) : ScheduledKey(subscriptionId, scheduledFor);
        if (await db.Outbox.AnyAsync(o => o.IdempotencyKey == key, ct))
            return DigestRunOutcome.AlreadyDone;

        var subscription = await db.Digests.Include(d => d.Channel).FirstOrDefaultAsync(d => d.Id == subscriptionId, ct);
        if (subscription?.Channel is not { } channel)
            return DigestRunOutcome.Missing;
        _kind = subscription.Kind.ToString().ToLowerInvariant();
        if (!manual && subscription.LastRunAt is { } last && last >= scheduledFor)
            return DigestRunOutcome.AlreadyDone;

        var advance = !manual;
        if (channel.UnreachableReason is not null)
        {
            log.LogWarning("Digest {Id} not posted: channel {Channel} is unreachable ({Reason})", subscriptionId, channel.Ref, channel.UnreachableReason);
            return await AdvanceOnlyAsync(subscription, scheduledFor, advance, DigestRunOutcome.ChannelUnreachable, ct);
        }

        var since = subscription.LastRunAt;
        var filter = ReportFilter.FromJson(subscription.Filters);
        var report = await cache.GetAsync(subscription.Kind, since, filter, () => reports.RunAsync(subscription.Kind, since, filter, ct));
        if (report.IsEmpty && subscription.SkipWhenEmpty)
            return await AdvanceOnlyAsync(subscription, scheduledFor, advance, DigestRunOutcome.SkippedEmpty, ct);

        DigestSchedule.TryResolveZone(subscription.TimeZone, out var zone, out _);
        var audience = new ReportAudience(ChannelClearance.AudienceName(channel), ChannelClearance.For(channel), ReplyVisibility.Channel, zone);
        var reply = ReportReplyBuilder.Build(report, audience) with { RenderedClearance = audience.Classes };

        db.Outbox.Add(OutboxStore.New(key, "digest", channel.Platform, channel.Workspace, OutboxTargetKind.Channel, channel.Id,
            channel.ExternalId, reply.ToJson(), time.GetUtcNow()));
        // The chart goes in the same save as the row that names it.
        ReplyFiles.Add(db, reply, time.GetUtcNow());
        if (advance) subscription.LastRunAt = scheduledFor;
        if (!await OutboxStore.SaveOnceAsync(db, [key], ct))
            return DigestRunOutcome.AlreadyDone;
        signal.Notify();
        return DigestRunOutcome.Stored;
    }

    private async Task<DigestRunOutcome> AdvanceOnlyAsync(DigestSubscription subscription, DateTimeOffset scheduledFor, bool advance,
        DigestRunOutcome outcome, CancellationToken ct)
    {
        if (advance)
        {
            subscription.LastRunAt = scheduledFor;
            await db.SaveChangesAsync(ct);
        }
        return outcome;
    }
}
