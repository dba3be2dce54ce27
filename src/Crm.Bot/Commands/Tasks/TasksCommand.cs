using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Tasks;

/// <summary>
/// Someone's open tasks, overdue first, then by due time, each with its customer, text and due time
/// (in the reader's zone, named) and <i>Done</i> / <i>+1 day</i> buttons that run <c>task K-… done</c> and
/// <c>task K-… due +1d</c>. Your own by default; another person's for those who manage them
/// (<see cref="TaskOwnership.MayListAsync"/>). Always answered privately: a task list is personal.
/// </summary>
public sealed class TasksCommand : ICommand
{
    /// <summary>Tasks shown at most; the rest are counted.</summary>
    public const int Cap = 10;

    public CommandDescriptor Descriptor { get; } = new("tasks", null, "tasks [person]",
        "open tasks, overdue first, with Done and +1 day buttons (managers: their people's)", ["tasks", "tasks @ava"], [Permission.ReadCustomers]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadCustomers, "list tasks");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count > 1) return ReplyKit.Usage(Descriptor, "Name one person, or nobody for your own tasks.");
        var me = context.ActorEmail;
        var whose = args.Count == 0 ? me : await MentionResolver.ResolveAsync(context, args.At(0)!, ct);
        var own = string.Equals(whose, me, StringComparison.OrdinalIgnoreCase);
        if (!own)
        {
            var decision = await TaskOwnership.MayListAsync(context, whose, ct);
            if (!decision.Allowed)
            {
                context.Audit(AuditAction.Denial, null, null, decision.Reason, AuditOutcome.Denied);
                return ReplyKit.Denied(decision.Reason!);
            }
        }

        var open = context.Db.Tasks.AsNoTracking().Where(t => t.AssigneeEmail == whose && !t.Done);
        // Ascending due time puts every overdue task (due before now) ahead of the rest, oldest first.
        var shown = await open.OrderBy(t => t.DueAt).ThenBy(t => t.Number)
            .Join(context.Db.Customers.AsNoTracking(), t => t.CustomerId, c => c.Id, (t, c) => new { Task = t, CustomerNumber = c.Number, CustomerName = c.Name })
            .Take(Cap).ToListAsync(ct);
        var total = shown.Count < Cap ? shown.Count : await open.CountAsync(ct);
        if (!own) context.Audit(AuditAction.View, null, null, $"tasks of {whose}: {total} open");

        var who = own ? "You have" : $"{whose} has";
        if (total == 0)
            return Reply.Text($"{who} no open tasks.") with { Visibility = ReplyVisibility.Private };

        var times = context.PrivateTimes;
        var now = context.Now;
        var overdue = shown.Count(s => s.Task.DueAt <= now);
        // Overdue tasks come first: only when every shown one is overdue can more be hidden.
        if (overdue == shown.Count && total > shown.Count) overdue = await open.CountAsync(t => t.DueAt <= now, ct);
        var blocks = new List<ReplyBlock> { new HeadingBlock(own ? "Your open tasks" : $"Open tasks of {whose}") };
        foreach (var item in shown)
        {
            var task = item.Task;
            var late = task.DueAt <= context.Now;
            var customer = $"{HumanId.Format(HumanId.Customer, item.CustomerNumber)} {item.CustomerName}";
            blocks.Add(new TextBlock($"{task.HumanId} · {customer}: {task.Text}", Emphasis: late));
            blocks.Add(new ContextBlock(late ? $"Overdue: was due {times.Moment(task.DueAt)}" : $"Due {times.Moment(task.DueAt)}"));
            blocks.Add(new ActionsBlock(
            [
                new ReplyButton("Done", $"task {task.HumanId} done", ButtonStyle.Primary),
                new ReplyButton("+1 day", $"task {task.HumanId} due +1d"),
            ]));
        }
        var rest = total - shown.Count;
        if (rest > 0)
            blocks.Add(new ContextBlock($"… and {rest} more open task(s), due later than these."));
        var counted = rest > 0 ? $"{shown.Count} of {total}" : $"{total}";
        return new Reply
        {
            Visibility = ReplyVisibility.Private,
            FallbackText = $"{who} {total} open task(s){(overdue > 0 ? $", {overdue} overdue" : "")}; showing {counted}, overdue first.",
            Blocks = blocks,
        };
    }
}
