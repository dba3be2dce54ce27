using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Domain.Handoffs;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Hosting;
using Crm.Jobs.Outbox;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Notifications;

/// <summary>
/// Every few minutes: a handoff still offered after the configured business hours reminds the
/// target department's channel, once (FollowUpSentAt is set in the same transaction as the message).
/// </summary>
public sealed class HandoffFollowUpJob(CrmDbContext db, IOptions<JobsOptions> options, TimeProvider time, IOutboxSignal signal,
    IOptions<TimeDisplayOptions> display, JobDatabaseGate gate)
{
    public const string RecurringId = "handoff-followups";
    public const string Cron = "*/5 * * * *";

    public static string Key(long handoffId, long channelId) => $"handoff-followup:{handoffId}:{channelId}";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [JobDisplayName("Handoff follow-ups")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        if (!await gate.ReadyAsync(db, RecurringId, cancellationToken)) return 0;
        var o = options.Value;
        DigestSchedule.TryResolveZone(o.BusinessTimeZone, out var zone, out _);
        var hours = new BusinessHours(o.BusinessDayStart, o.BusinessDayEnd, zone);
        var now = time.GetUtcNow();
        // Business time never runs faster than the clock, so this bound keeps the candidates few.
        var earliest = now - TimeSpan.FromHours(o.HandoffFollowUpBusinessHours);
        var candidates = await db.Handoffs.AsNoTracking()
            .Where(h => h.State == HandoffState.Offered && h.FollowUpSentAt == null && h.OfferedAt <= earliest)
            .OrderBy(h => h.OfferedAt)
            .Take(500)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var handoff in candidates.Where(h => hours.Add(h.OfferedAt, o.HandoffFollowUpBusinessHours) <= now))
        {
            if (await RemindAsync(handoff, o.HandoffFollowUpBusinessHours, now, cancellationToken)) sent++;
        }
        return sent;
    }

    private async Task<bool> RemindAsync(Handoff candidate, int businessHours, DateTimeOffset now, CancellationToken ct)
    {
        var handoff = await db.Handoffs.FirstOrDefaultAsync(h => h.Id == candidate.Id && h.FollowUpSentAt == null, ct);
        if (handoff is null) return false;
        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == handoff.CustomerId)
            .Select(c => new { c.Number, c.Name }).FirstAsync(ct);
        var customerId = HumanId.Format(HumanId.Customer, customer.Number);
        var channels = await db.Channels.AsNoTracking()
            .Where(c => c.Department == handoff.ToDepartment && c.UnreachableReason == null)
            .OrderBy(c => c.Id).ToListAsync(ct);

        handoff.FollowUpSentAt = now;
        if (channels.Count == 0)
        {
            db.Audit.Add(new AuditRecord
            {
                At = now, Actor = "handoff-followups", Platform = Platform.Cli, Command = $"follow up {handoff.HumanId}",
                Action = AuditAction.Delivery, RecordRef = handoff.HumanId, CustomerId = handoff.CustomerId, Outcome = AuditOutcome.Failed,
                Detail = $"No channel is bound to {handoff.ToDepartment}; bind one with `admin channel {handoff.ToDepartment.ToString().ToLowerInvariant()}`.",
            });
            await db.SaveChangesAsync(ct);
            return false;
        }

        var text = $"Handoff {handoff.HumanId} of {customer.Name} ({customerId}) from {handoff.FromDepartment} has waited more than " +
                   $"{businessHours} business hours for {handoff.ToDepartment}. Please accept or decline it.";
        // One message per channel: each shows the offer time in its own zone.
        Reply ReplyFor(TimeDisplay times) => new()
        {
            Visibility = ReplyVisibility.Channel,
            Tone = ReplyTone.Warning,
            FallbackText = text,
            Blocks =
            [
                new HeadingBlock($"Handoff waiting: {customer.Name}"),
                new TextBlock(text),
                new ContextBlock($"Offered by {handoff.OfferedBy} on {times.Moment(handoff.OfferedAt)}"),
                // The same commands as the handoff card's buttons, so either answers the handoff.
                new ActionsBlock(
                [
                    new ReplyButton("Accept", $"handoff {handoff.HumanId} accept", ButtonStyle.Primary),
                    new ReplyButton("Decline", $"handoff {handoff.HumanId} decline {{reason}}", ButtonStyle.Danger,
                        new ReplyForm("Decline handoff", "Decline", [new FormInput("reason", "Reason", Required: false, Multiline: true, MaxLength: 1000)])),
                    new ReplyButton($"Show {customerId}", $"show {customerId}"),
                ]),
            ],
        };
        var keys = new List<string>();
        foreach (var channel in channels)
        {
            var key = Key(handoff.Id, channel.Id);
            keys.Add(key);
            db.Outbox.Add(OutboxStore.New(key, "handoff-followup", channel.Platform, channel.Workspace, OutboxTargetKind.Channel,
                channel.Id, channel.ExternalId, ReplyFor(TimeDisplay.For(channel.TimeZone, display.Value.Default)).ToJson(), now));
        }
        var stored = await OutboxStore.SaveOnceAsync(db, keys, ct);
        if (stored) signal.Notify();
        return stored;
    }
}
