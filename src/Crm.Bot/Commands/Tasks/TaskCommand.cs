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
public sealed class TaskCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("task", null, "task <customer> <person> <text> [due <date>] · task <K-id> done · task <K-id> due <date>",
        "give someone a task with a reminder", ["task acme @dana call back about renewal due fri", "task K-1001 done", "task K-1001 due mon 10:00"], [Permission.WriteTask]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.WriteTask, "create tasks");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count >= 2 && HumanId.TryParse(args.Word(0)!, out var prefix, out var number) && prefix == HumanId.Task && args.IsWord(1, "done"))
            return await DoneAsync(context, number, ct);
        if (args.Count >= 3 && HumanId.TryParse(args.Word(0)!, out prefix, out number) && prefix == HumanId.Task && args.IsWord(1, "due"))
            return await RescheduleAsync(context, number, args.Rest(2), ct);
        if (args.Count < 3) return ReplyKit.Usage(Descriptor, "A task needs a customer, a person and what to do.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"task {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var assignee = await MentionResolver.ResolveAsync(context, args.At(1)!, ct);
        var dueAt = args.LastIndexOf("due", 3);
        var text = args.Rest(2, dueAt < 0 ? -1 : dueAt);
        if (text.Length == 0) return ReplyKit.Usage(Descriptor, "What is the task?");
        var due = dueAt < 0
            ? Dates.ParseMoment("tomorrow", context.Now, context.TimeZone)
            : Dates.ParseMoment(args.Rest(dueAt + 1), context.Now, context.TimeZone);
        if (due <= context.Now)
            return ReplyKit.Problem($"The due time {context.Times.Moment(due)} has passed; give a later one.");

        var task = new CrmTask(await Numbers.NextTaskAsync(context.Db, ct), customer.Id, assignee, text, due, context.ActorEmail);
        context.Db.Tasks.Add(task);
        var scheduler = context.Services.GetService<ITaskReminderScheduler>();
        if (scheduler is not null)
        {
            // The reminder refers to the task by its key, so the row is written (inside the request's
            // transaction) first. Should the transaction roll back, the reminder finds no task and does nothing.
            await context.Db.SaveChangesAsync(ct);
            task.ReminderJobId = await scheduler.ScheduleAsync(task, ct);
        }
        context.Db.Timeline.Add(new TimelineEntry(customer.Id, TimelineKind.Task, $"Task {task.HumanId} for {assignee}: {text}",
            context.ActorEmail, context.Request.Platform, context.Channel?.Ref, task.HumanId, context.Now));
        context.Audit(AuditAction.Change, task.HumanId, customer.Id, $"task for {assignee} due {TimeDisplay.Record(due)}");
        // Each following channel reads the due time in its own zone.
        await FollowNotifier.NotifyAsync(context, customer,
            times => [new ChangeLine($"Task {task.HumanId} for {assignee}: {text} (due {times.Moment(due)}).", FieldClass.Basic)], ct);
        var reminder = scheduler is null ? " Reminders are not running on this host; the task is stored and will be reminded once a host with jobs runs." : "";
        return ReplyKit.Done($"Task {task.HumanId} for {assignee} on {customer.Name}, due {context.Times.Moment(due)}.{reminder}",
            new ReplyButton("Mark done", $"task {task.HumanId} done"));
    }

    private static async Task<Reply> RescheduleAsync(CommandContext context, long number, string when, CancellationToken ct)
    {
        if (await FindAsync(context, number, ct) is not { } task) return NoSuchTask(number);
        var due = Dates.ParseMoment(when, context.Now, context.TimeZone);
        if (due <= context.Now)
            return ReplyKit.Problem($"The due time {context.Times.Moment(due)} has passed; give a later one.");
        task.Reschedule(due);
        // The old reminder checks the due time it was made for, so moving the job keeps exactly one reminder.
        if (context.Services.GetService<ITaskReminderScheduler>() is { } scheduler)
            task.ReminderJobId = await scheduler.ScheduleAsync(task, ct);
        context.Audit(AuditAction.Change, task.HumanId, task.CustomerId, $"task due {TimeDisplay.Record(due)}");
        return ReplyKit.Done($"Task {task.HumanId} is now due {context.Times.Moment(due)}.");
    }

    private static async Task<Reply> DoneAsync(CommandContext context, long number, CancellationToken ct)
    {
        if (await FindAsync(context, number, ct) is not { } task) return NoSuchTask(number);
        task.Complete(context.Now);
        if (task.ReminderJobId is { } job && context.Services.GetService<ITaskReminderScheduler>() is { } scheduler)
            await scheduler.CancelAsync(job, ct);
        context.Audit(AuditAction.Change, task.HumanId, task.CustomerId, "task done");
        return ReplyKit.Done($"Task {task.HumanId} is done.");
    }

    private static Task<CrmTask?> FindAsync(CommandContext context, long number, CancellationToken ct) =>
        context.Db.Tasks.FirstOrDefaultAsync(t => t.Number == number, ct);

    private static Reply NoSuchTask(long number) =>
        ReplyKit.Problem($"There is no task {HumanId.Format(HumanId.Task, number)}.");
}
