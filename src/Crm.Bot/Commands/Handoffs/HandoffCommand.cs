using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Handoffs;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Handoffs;

/// <summary>
/// Hands a customer to another department: a card with Accept / Decline goes to every channel bound
/// to it; the decision replaces those cards and is told privately to whoever offered.
/// </summary>
public sealed class HandoffCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("handoff", null,
        "handoff <customer> to <department> [note] · handoff <H-id> accept [owner] · handoff <H-id> decline [reason]",
        "hand a customer to another department, or accept / decline one",
        ["handoff acme to support Onboarding starts Monday", "handoff H-1001 accept", "handoff H-1001 accept owner"], [Permission.OfferHandoff, Permission.DecideHandoff]);

    public Requirement? RequiredFor(CommandArgs args) => IsDecision(args)
        ? new Requirement(Permission.DecideHandoff, "accept or decline handoffs")
        : new Requirement(Permission.OfferHandoff, "offer handoffs");

    public bool Changes(CommandArgs args) => true;

    private static bool IsDecision(CommandArgs args) =>
        args.Count >= 2 && HumanId.TryParse(args.Word(0)!, out var prefix, out _) && prefix == HumanId.Handoff;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (IsDecision(args))
        {
            HumanId.TryParse(args.Word(0)!, out _, out var number);
            return await HandoffDecision.DecideAsync(context, args, number, Descriptor, ct);
        }
        var toAt = args.IndexOf("to", 1);
        if (args.Count < 3 || toAt < 0 || toAt + 1 >= args.Count)
            return ReplyKit.Usage(Descriptor, "Which customer, and to which department?");
        if (!DepartmentNames.TryParse(args.Word(toAt + 1), out var to))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(toAt + 1)}' is not a department; use one of {DepartmentNames.AllNames}.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0, toAt), id => $"handoff {id} {args.Rest(toAt)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var from = FromDepartment(context.Principal);
        var note = args.Rest(toAt + 2);
        var handoff = new Handoff(await Numbers.NextHandoffAsync(context.Db, ct), customer.Id, from, to, note, context.ActorEmail, context.Now);
        context.Db.Handoffs.Add(handoff);

        var channels = await context.Db.Channels.Where(c => c.Department == to).OrderBy(c => c.Id).ToListAsync(ct);
        foreach (var channel in channels)
        {
            var card = await HandoffCards.OfferAsync(context, handoff, customer, channel, ct);
            OutboxWriter.ToChannel(context.Db, channel, card, "handoff", HandoffCards.OfferKey(handoff, channel.Id), context.Now);
        }
        context.Timeline(customer.Id, TimelineKind.Handoff, FieldClass.Basic, $"Handoff {handoff.HumanId} offered from {from} to {to}" + (note.Length > 0 ? $": {note}" : ""), handoff.HumanId);
        context.Audit(AuditAction.Change, handoff.HumanId, customer.Id, $"handoff offered to {to}, {channels.Count} channel(s)");
        await FollowNotifier.NotifyAsync(context, customer, [new ChangeLine($"Handoff {handoff.HumanId} offered from {from} to {to}.", FieldClass.Basic)], ct);

        var where = channels.Count == 0
            ? $"No channel is bound to {to} yet, so no card was posted; a crm-admin can bind one with `admin channel {to.ToString().ToLowerInvariant()}`. {to} can still run `handoff {handoff.HumanId} accept`."
            : $"The card went to {string.Join(", ", channels.Select(c => $"#{c.Name} ({c.Platform.ToString().ToLowerInvariant()})"))}; you will be told when they decide.";
        return ReplyKit.Done($"Handoff {handoff.HumanId} of {customer.Name} ({customer.HumanId}) offered to {to}. {where}");
    }

    private static Department FromDepartment(Principal principal) =>
        DepartmentNames.TryParse(principal.Department, out var d) ? d
        : principal.Role is { } role && RolePolicy.HomeDepartment(role) is { } home ? home
        : throw new DomainException("Your directory entry names no department, so I cannot tell whom the handoff is from; ask a crm-admin.");
}
