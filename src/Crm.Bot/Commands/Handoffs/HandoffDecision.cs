using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Handoffs;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Handoffs;

/// <summary>Accept or decline: only the target department's roles decide; the cards are replaced and the offerer is told.</summary>
public static class HandoffDecision
{
    public static async Task<Reply> DecideAsync(CommandContext context, CommandArgs args, long number, CommandDescriptor descriptor, CancellationToken ct)
    {
        var db = context.Db;
        var handoff = await db.Handoffs.FirstOrDefaultAsync(h => h.Number == number, ct);
        if (handoff is null) return ReplyKit.Problem($"There is no handoff {HumanId.Format(HumanId.Handoff, number)}.");
        var accept = args.IsWord(1, "accept");
        if (!accept && !args.IsWord(1, "decline"))
            return ReplyKit.Usage(descriptor, $"A handoff can be accepted or declined, not '{args.Word(1)}'.");
        var takeOwnership = accept && args.Count > 2;
        if (takeOwnership && (args.Count != 3 || !args.IsWord(2, "owner")))
            return ReplyKit.Usage(descriptor, $"After `accept` only `owner` may follow (to take ownership of the customer), not '{args.Rest(2)}'.");

        var home = context.Principal.Role is { } role ? RolePolicy.HomeDepartment(role) : null;
        if (home != handoff.ToDepartment)
        {
            var roles = Enum.GetValues<Role>().Where(r => RolePolicy.HomeDepartment(r) == handoff.ToDepartment && RolePolicy.Has(r, Permission.DecideHandoff));
            var reason = $"Handoff {handoff.HumanId} goes to {handoff.ToDepartment}; only {handoff.ToDepartment}'s roles may decide it. " +
                         $"Allowed for: {string.Join(", ", roles.Select(r => r.Name()))}.";
            context.Audit(AuditAction.Denial, handoff.HumanId, handoff.CustomerId, reason, AuditOutcome.Denied);
            return ReplyKit.Denied(reason);
        }

        if (accept) handoff.Accept(context.ActorEmail, context.Now);
        else handoff.Decline(context.ActorEmail, context.Now, args.Rest(2));
        var customer = await db.Customers.FirstAsync(c => c.Id == handoff.CustomerId, ct);
        var previousOwner = customer.OwnerEmail;
        var ownerChanged = takeOwnership && !string.Equals(previousOwner, context.ActorEmail, StringComparison.OrdinalIgnoreCase);
        if (ownerChanged) customer.ChangeOwner(context.ActorEmail);
        var outcome = HandoffCards.Outcome(handoff, takeOwnership);

        var prefix = HandoffCards.OfferKeyPrefix(handoff);
        var offers = await db.Outbox.Where(o => o.IdempotencyKey.StartsWith(prefix)).ToListAsync(ct);
        var channels = await db.Channels.Where(c => offers.Select(o => o.ChannelId).Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        foreach (var offer in offers.Where(o => o.ChannelId is not null && channels.ContainsKey(o.ChannelId.Value)))
        {
            var updated = HandoffCards.Decided(Reply.FromJson(offer.ReplyJson), handoff, takeOwnership);
            OutboxWriter.ToChannel(db, channels[offer.ChannelId!.Value], updated, "handoff", $"handoff:{handoff.HumanId}:decided:{offer.ChannelId}", context.Now, offer.Id);
        }

        // Privately to whoever offered, on the platform where they were last seen (not the CLI, which has no inbox).
        var offerer = await db.UserLinks.Where(l => l.Email == handoff.OfferedBy && l.Platform != Platform.Cli)
            .OrderByDescending(l => l.LastSeenAt).FirstOrDefaultAsync(ct);
        if (offerer is not null)
            OutboxWriter.ToUser(db, offerer, ReplyKit.Done($"Your handoff {handoff.HumanId} of {customer.Name} ({customer.HumanId}) to {handoff.ToDepartment}: {outcome}"),
                "handoff-result", $"handoff:{handoff.HumanId}:result", context.Now);

        context.Timeline(customer.Id, TimelineKind.Handoff, FieldClass.Basic, $"Handoff {handoff.HumanId} {outcome}", handoff.HumanId);
        context.Audit(AuditAction.Change, handoff.HumanId, customer.Id, outcome);
        List<ChangeLine> changes = [new ChangeLine($"Handoff {handoff.HumanId} to {handoff.ToDepartment}: {outcome}", FieldClass.Basic)];
        if (ownerChanged)
        {
            var ownerChange = $"Owner changed from {previousOwner ?? "nobody"} to {context.ActorEmail} on accepting handoff {handoff.HumanId}";
            context.Timeline(customer.Id, TimelineKind.FieldChange, FieldClass.Basic, ownerChange, customer.HumanId);
            context.Audit(AuditAction.Change, customer.HumanId, customer.Id, $"owner: {previousOwner ?? "none"} → {context.ActorEmail} (handoff {handoff.HumanId} accepted)");
            changes.Add(new ChangeLine(ownerChange + ".", FieldClass.Basic));
        }
        await FollowNotifier.NotifyAsync(context, customer, changes, ct);
        var told = offerer is null ? $" {handoff.OfferedBy} has no chat link yet, so they were not told privately." : $" {handoff.OfferedBy} will be told.";
        return ReplyKit.Done($"Handoff {handoff.HumanId} of {customer.Name}: {outcome}{told}");
    }
}
