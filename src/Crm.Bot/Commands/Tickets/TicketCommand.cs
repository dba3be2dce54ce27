using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Tickets;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Tickets;

/// <summary>Support's record of a customer problem: open one (SLA from priority), or change its status or priority.</summary>
public sealed class TicketCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("ticket", null,
        "ticket <customer> \"<subject>\" [priority low|normal|high|urgent] · ticket <T-id> status|priority <value>",
        "open a ticket or change one", ["ticket acme \"Cannot log in\" priority high", "ticket T-1001 status resolved"], [Permission.WriteTicket]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.WriteTicket, "open or change tickets");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor);
        return HumanId.TryParse(args.Word(0)!, out var prefix, out var number) && prefix == HumanId.Ticket
            ? await ChangeAsync(context, args, number, ct)
            : await OpenAsync(context, args, ct);
    }

    private async Task<Reply> OpenAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"ticket {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var priorityAt = args.LastIndexOf("priority", 2);
        var subject = args.Rest(1, priorityAt < 0 ? -1 : priorityAt);
        var priority = TicketPriority.Normal;
        if (priorityAt >= 0 && !TryPriority(args.Rest(priorityAt + 1), out priority))
            return ReplyKit.Usage(Descriptor, $"'{args.Rest(priorityAt + 1)}' is not a priority; use low, normal, high or urgent.");
        var ticket = new Ticket(await Numbers.NextTicketAsync(context.Db, ct), customer.Id, subject, priority, context.Now);
        context.Db.Tickets.Add(ticket);
        return await RecordAsync(context, customer, ticket, $"opened \"{ticket.Subject}\" ({Lower(priority)})", ct, slaChanged: true);
    }

    private async Task<Reply> ChangeAsync(CommandContext context, CommandArgs args, long number, CancellationToken ct)
    {
        var ticket = await context.Db.Tickets.Include(t => t.Customer).FirstOrDefaultAsync(t => t.Number == number, ct);
        if (ticket is null) return ReplyKit.Problem($"There is no ticket {HumanId.Format(HumanId.Ticket, number)}.");
        var value = args.Rest(2);
        string change;
        var slaChanged = false;
        if (args.IsWord(1, "status"))
        {
            if (!Enum.TryParse<TicketStatus>(value, true, out var status) || !Enum.IsDefined(status) || value.Any(char.IsDigit))
                return ReplyKit.Usage(Descriptor, $"'{value}' is not a status; use open, pending, resolved or closed.");
            var from = ticket.Status;
            ticket.ChangeStatus(status, context.Now);
            change = $"status {Lower(from)} → {Lower(status)}";
        }
        else if (args.IsWord(1, "priority"))
        {
            if (!TryPriority(value, out var priority))
                return ReplyKit.Usage(Descriptor, $"'{value}' is not a priority; use low, normal, high or urgent.");
            var from = ticket.Priority;
            ticket.ChangePriority(priority);
            change = $"priority {Lower(from)} → {Lower(priority)}";
            slaChanged = true;
        }
        else
        {
            return ReplyKit.Usage(Descriptor, "A ticket's status or priority can change.");
        }
        return await RecordAsync(context, ticket.Customer!, ticket, change, ct, slaChanged);
    }

    /// <param name="slaChanged">The SLA due time is told to readers (each in their zone); the stored history keeps the change alone.</param>
    private static async Task<Reply> RecordAsync(CommandContext context, Domain.Customers.Customer customer, Ticket ticket, string change, CancellationToken ct,
        bool slaChanged = false)
    {
        string Told(TimeDisplay times) => slaChanged ? $"{change} (SLA due {times.Moment(ticket.SlaDueAt)})" : change;
        context.Timeline(customer.Id, TimelineKind.Ticket, FieldClass.Support, $"Ticket {ticket.HumanId} {change}", ticket.HumanId);
        context.Audit(AuditAction.Change, ticket.HumanId, customer.Id, change);
        await FollowNotifier.NotifyAsync(context, customer, times => [new ChangeLine($"Ticket {ticket.HumanId}: {Told(times)}.", FieldClass.Support)], ct);
        return ReplyKit.Done($"Ticket {ticket.HumanId} ({customer.Name}): {Told(context.Times)}.");
    }

    private static bool TryPriority(string text, out TicketPriority priority) =>
        Enum.TryParse(text.Trim(), true, out priority) && Enum.IsDefined(priority) && !text.Any(char.IsDigit);

    private static string Lower<T>(T value) where T : Enum => value.ToString().ToLowerInvariant();
}
