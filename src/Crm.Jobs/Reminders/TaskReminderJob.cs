using Crm.Jobs.Telemetry;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Hosting;
using Crm.Jobs.Outbox;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Reminders;

/// <summary>
/// Sends a task's reminder privately to its assignee, on the platform where they were last seen,
/// with the due time in their own time zone. A reminder for a task that is done, gone or moved
/// since (its due time changed) does nothing: the moved task has a reminder of its own.
/// </summary>
public sealed class TaskReminderJob(CrmDbContext db, TimeProvider time, IOutboxSignal signal, IOptions<TimeDisplayOptions> display,
    JobDatabaseGate gate, IBackgroundJobClient jobs)
{
    public static string Key(long taskId, DateTimeOffset dueAt) => $"reminder:{taskId}:{dueAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z";

    [AutomaticRetry(Attempts = 5)]
    [JobDisplayName("Task reminder {0}")]
    [Queue(JobQueues.Reminders)]
    public async Task RemindAsync(long taskId, DateTimeOffset dueAt, CancellationToken cancellationToken)
    {
        using var span = CrmTracing.Source.StartActivity("crm.reminder");
        if (!await gate.ReadyAsync(db, "task reminders", cancellationToken))
        {
            // A reminder runs once: postponed, not dropped. The later run checks the task again (done, moved).
            jobs.Schedule<TaskReminderJob>(job => job.RemindAsync(taskId, dueAt, CancellationToken.None), JobDatabaseGate.RetryAfter);
            return;
        }
        var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || task.Done || task.DueAt != dueAt)
            return;

        var now = time.GetUtcNow();
        var link = await db.UserLinks.AsNoTracking()
            .Where(l => l.Email == task.AssigneeEmail)
            .OrderByDescending(l => l.LastSeenAt)
            .FirstOrDefaultAsync(cancellationToken);
        if (link is null)
        {
            db.Audit.Add(new AuditRecord
            {
                At = now, Actor = "reminders", Platform = Platform.Cli, Command = $"remind {task.HumanId}", Action = AuditAction.Delivery,
                RecordRef = task.HumanId, CustomerId = task.CustomerId, Outcome = AuditOutcome.Failed,
                Detail = $"{task.AssigneeEmail} has not used the bot on any platform yet, so there is nowhere to send the reminder.",
            });
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var customer = await db.Customers.AsNoTracking().Where(c => c.Id == task.CustomerId)
            .Select(c => new { c.Number, c.Name }).FirstOrDefaultAsync(cancellationToken);
        // The assignee's own zone, or the configured default when their profile has none; always named.
        var times = TimeDisplay.For(link.TimeZone, display.Value.Default);
        var local = TimeZoneInfo.ConvertTime(dueAt, times.Zone);
        var customerRef = customer is null ? "" : $"{HumanId.Format(HumanId.Customer, customer.Number)} {customer.Name}";
        var reply = new Reply
        {
            Visibility = ReplyVisibility.Private,
            FallbackText = $"Reminder: {task.Text} ({customerRef}, due {times.Moment(dueAt)})",
            Blocks =
            [
                new HeadingBlock($"Reminder: {task.HumanId}"),
                new TextBlock(task.Text),
                new FieldsBlock(
                [
                    new ReplyField("Customer", customerRef),
                    new ReplyField("Due", $"{local.ToString("ddd", System.Globalization.CultureInfo.InvariantCulture)} {times.Moment(dueAt)}"),
                ]),
                new ActionsBlock(
                [
                    new ReplyButton("Mark done", $"task {task.HumanId} done", ButtonStyle.Primary),
                    .. customer is null ? Array.Empty<ReplyButton>()
                        : [new ReplyButton($"Show {HumanId.Format(HumanId.Customer, customer.Number)}", $"show {HumanId.Format(HumanId.Customer, customer.Number)}")],
                ]),
            ],
        };
        var key = Key(task.Id, dueAt);
        db.Outbox.Add(OutboxStore.New(key, "reminder", link.Platform, link.Workspace, OutboxTargetKind.User, null, link.ExternalUserId,
            reply.ToJson(), now));
        if (await OutboxStore.SaveOnceAsync(db, [key], cancellationToken))
            signal.Notify();
    }
}
