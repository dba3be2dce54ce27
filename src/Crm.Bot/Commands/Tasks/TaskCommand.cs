using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Tasks;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Tasks;

/// <summary>A to-do for someone about a customer, reminded at its due time; or marking one done.</summary>
/// <param name="reminders">Schedules reminders; absent where no job storage is configured (then tasks are stored and reminded later).</param>
public sealed class TaskCommand(ITaskReminderScheduler? reminders = null) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("task", null, "task <customer> <person> <text> [due <date>] · task <K-id> done · task <K-id> due <date> · task <K-id> due +<n>d · task <K-id> to <person>",
        "give someone a task with a reminder at the due time in their time zone", ["task acme @dana call back about renewal due fri", "task K-1001 done", "task K-1001 due mon 10:00", "task K-1001 due +1d", "task K-1001 to @max"], [Permission.WriteTask]);

    /// <summary>
    /// Creating a task needs the task permission; working on an existing one needs any role, and then
    /// the task itself decides (<see cref="TaskOwnership"/>): an assignee without the task permission
    /// may still mark their own task done.
    /// </summary>
    public Requirement? RequiredFor(CommandArgs args) => ExistingTask(args) is not null
        ? new(Permission.ReadCustomers, "work on tasks")
        : new(Permission.WriteTask, "create tasks");

    /// <summary>"done", "due" or "to" when the words name an existing task (K-1001 done), else null.</summary>
    private static string? ExistingTask(CommandArgs args)
    {
        if (args.Count < 2 || !HumanId.TryParse(args.Word(0)!, out var prefix, out _) || prefix != HumanId.Task) return null;
        if (args.IsWord(1, "done")) return "done";
        if (args.Count >= 3 && args.IsWord(1, "due")) return "due";
        if (args.Count >= 3 && args.IsWord(1, "to")) return "to";
        return null;
    }

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (ExistingTask(args) is { } change && HumanId.TryParse(args.Word(0)!, out _, out var number))
        {
            return change switch
            {
                "done" => await DoneAsync(context, number, ct),
                "due" => await RescheduleAsync(context, number, args.Rest(2), ct),
                _ => await ReassignAsync(context, number, args.Rest(2), ct),
            };
        }
        if (args.Count < 3) return ReplyKit.Usage(Descriptor, "A task needs a customer, a person and what to do.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"task {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var assignee = await MentionResolver.ResolveAsync(context, args.At(1)!, ct);
        var dueAt = args.LastIndexOf("due", 3);
        var text = args.Rest(2, dueAt < 0 ? -1 : dueAt);
        if (text.Length == 0) return ReplyKit.Usage(Descriptor, "What is the task?");
        // A typed day and time is the assignee's: "due fri 15:00" for someone in New York is 15:00 there.
        var theirs = await AssigneeZone.ForAsync(context, assignee, ct);
        var due = dueAt < 0
            ? Dates.ParseMoment("tomorrow", context.Now, theirs.Zone)
            : Dates.ParseMoment(args.Rest(dueAt + 1), context.Now, theirs.Zone);
        if (due <= context.Now)
            return ReplyKit.Problem($"The due time {context.Times.Moment(due)} has passed; give a later one.");

        var task = new CrmTask(await Numbers.NextTaskAsync(context.Db, ct), customer.Id, assignee, text, due, context.ActorEmail);
        context.Db.Tasks.Add(task);
        if (reminders is not null)
        {
            // The reminder refers to the task by its key, so the row is written (inside the request's
            // transaction) first. Should the transaction roll back, the reminder finds no task and does nothing.
            await context.Db.SaveChangesAsync(ct);
            task.ReminderJobId = await reminders.ScheduleAsync(task, ct);
        }
        context.Timeline(customer.Id, TimelineKind.Task, FieldClass.Basic, $"Task {task.HumanId} for {assignee}: {text}", task.HumanId);
        context.Audit(AuditAction.Change, task.HumanId, customer.Id, $"task for {assignee} due {TimeDisplay.Record(due)}");
        // Each following channel reads the due time in its own zone.
        await FollowNotifier.NotifyAsync(context, customer,
            times => [new ChangeLine($"Task {task.HumanId} for {assignee}: {text} (due {times.Moment(due)}).", FieldClass.Basic)], ct);
        var reminder = reminders is null ? " Reminders are not running on this host; the task is stored and will be reminded once a host with jobs runs." : "";
        return ReplyKit.Done($"Task {task.HumanId} for {assignee} on {customer.Name}, due {context.Times.Moment(due)}{TheirTime(context, theirs, due)}.{reminder}",
            new ReplyButton("Mark done", $"task {task.HumanId} done"));
    }

    private async Task<Reply> RescheduleAsync(CommandContext context, long number, string when, CancellationToken ct)
    {
        if (await FindAsync(context, number, ct) is not { } task) return NoSuchTask(number);
        if (await DeniedAsync(context, task, "reschedule", ct) is { } denied) return denied;
        if (task.Done) return ReplyKit.Problem($"Task {task.HumanId} is done; it cannot be rescheduled.");
        var theirs = await AssigneeZone.ForAsync(context, task.AssigneeEmail, ct);
        var due = Later(when, task.DueAt, context.Now, theirs.Zone) ?? Dates.ParseMoment(when, context.Now, theirs.Zone);
        if (due <= context.Now)
            return ReplyKit.Problem($"The due time {context.Times.Moment(due)} has passed; give a later one.");
        if (due == task.DueAt)
            return Reply.Text($"Task {task.HumanId} is already due {context.Times.Moment(due)}{TheirTime(context, theirs, due)}.");
        var previous = task.DueAt;
        task.Reschedule(due);
        // The old reminder checks the due time it was made for, so moving the job keeps exactly one reminder.
        if (reminders is not null)
            task.ReminderJobId = await reminders.ScheduleAsync(task, ct);
        context.Timeline(task.CustomerId, TimelineKind.Task, FieldClass.Basic,
            $"Task {task.HumanId} moved from {TimeDisplay.Record(previous)} to {TimeDisplay.Record(due)}", task.HumanId);
        context.Audit(AuditAction.Change, task.HumanId, task.CustomerId, $"task due {TimeDisplay.Record(due)} (was {TimeDisplay.Record(previous)})");
        return ReplyKit.Done($"Task {task.HumanId} is now due {context.Times.Moment(due)}{TheirTime(context, theirs, due)}.");
    }

    /// <summary>
    /// "+1d" (up to +365d): that many days after the current due day, at the same time of day in the
    /// assignee's zone; for a task already overdue, counted from the assignee's today, so "+1 day" moves
    /// it to tomorrow rather than to another day in the past.
    /// Null when <paramref name="when"/> is not of that form.
    /// </summary>
    private static DateTimeOffset? Later(string when, DateTimeOffset due, DateTimeOffset now, TimeZoneInfo zone)
    {
        var text = when.Trim().ToLowerInvariant();
        if (text.Length < 3 || text[0] != '+' || text[^1] != 'd'
            || !int.TryParse(text[1..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var days)
            || days is < 1 or > 365)
            return null;
        var dueLocal = TimeZoneInfo.ConvertTime(due, zone).DateTime;
        var today = TimeZoneInfo.ConvertTime(now, zone).Date;
        var day = (due > now ? dueLocal.Date : today).AddDays(days);
        var local = DateTime.SpecifyKind(day + dueLocal.TimeOfDay, DateTimeKind.Unspecified);
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>" (15:00 America/New_York for max@…)" when the assignee's zone is not the one the reader sees.</summary>
    private static string TheirTime(CommandContext context, TimeDisplay theirs, DateTimeOffset due) =>
        theirs.ZoneName == context.Times.ZoneName ? "" : $" ({theirs.Moment(due)} for the assignee)";

    private async Task<Reply> DoneAsync(CommandContext context, long number, CancellationToken ct)
    {
        if (await FindAsync(context, number, ct) is not { } task) return NoSuchTask(number);
        if (await DeniedAsync(context, task, "complete", ct) is { } denied) return denied;
        // A second click on Done (or the button of an older list) changes nothing and says so.
        if (task.Done) return Reply.Text($"Task {task.HumanId} is already done.");
        task.Complete(context.Now);
        if (task.ReminderJobId is { } job && reminders is not null)
            await reminders.CancelAsync(job, ct);
        context.Timeline(task.CustomerId, TimelineKind.Task, FieldClass.Basic, $"Task {task.HumanId} done: {task.Text}", task.HumanId);
        context.Audit(AuditAction.Change, task.HumanId, task.CustomerId, "task done");
        return ReplyKit.Done($"Task {task.HumanId} is done.");
    }

    private static async Task<Reply> ReassignAsync(CommandContext context, long number, string person, CancellationToken ct)
    {
        if (await FindAsync(context, number, ct) is not { } task) return NoSuchTask(number);
        if (await DeniedAsync(context, task, "reassign", ct) is { } denied) return denied;
        var assignee = await MentionResolver.ResolveTextAsync(context, person, ct);
        var previous = task.AssigneeEmail;
        task.Reassign(assignee);
        context.Timeline(task.CustomerId, TimelineKind.Task, FieldClass.Basic, $"Task {task.HumanId} moved from {previous} to {task.AssigneeEmail}", task.HumanId);
        context.Audit(AuditAction.Change, task.HumanId, task.CustomerId, $"task reassigned from {previous} to {task.AssigneeEmail}");
        return ReplyKit.Done($"Task {task.HumanId} is now {task.AssigneeEmail}'s (was {previous}'s).");
    }

    /// <summary>The denial (audited) when the asker may not change this task, else null.</summary>
    private static async Task<Reply?> DeniedAsync(CommandContext context, CrmTask task, string what, CancellationToken ct)
    {
        var decision = await TaskOwnership.MayChangeAsync(context, task, what, ct);
        if (decision.Allowed) return null;
        context.Audit(AuditAction.Denial, task.HumanId, task.CustomerId, decision.Reason, AuditOutcome.Denied);
        return ReplyKit.Denied(decision.Reason!);
    }

    private static Task<CrmTask?> FindAsync(CommandContext context, long number, CancellationToken ct) =>
        context.Db.Tasks.FirstOrDefaultAsync(t => t.Number == number, ct);

    private static Reply NoSuchTask(long number) =>
        ReplyKit.Problem($"There is no task {HumanId.Format(HumanId.Task, number)}.");
}
