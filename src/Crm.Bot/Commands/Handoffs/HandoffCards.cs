using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Channels;
using Crm.Domain.Customers;
using Crm.Domain.Handoffs;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Handoffs;

/// <summary>The handoff card (customer at the channel's clearance, the note, Accept / Decline) and its outbox keys.</summary>
public static class HandoffCards
{
    public static string OfferKey(Handoff handoff, long channelId) => $"handoff:{handoff.HumanId}:offer:{channelId}";

    public static string OfferKeyPrefix(Handoff handoff) => $"handoff:{handoff.HumanId}:offer:";

    public static async Task<Reply> OfferAsync(CommandContext context, Handoff handoff, Customer customer, ChatChannel channel, CancellationToken ct)
    {
        var audience = context.ChannelAudience(channel, poster: null);
        var card = await CustomerPresenter.CardAsync(context, customer, audience, ReplyVisibility.Channel, context.ChannelTimes(channel), ct,
            title: $"Handoff {handoff.HumanId}: {customer.Name} ({customer.HumanId}), {handoff.FromDepartment} → {handoff.ToDepartment}");
        var blocks = card.Blocks.Where(b => b is not ActionsBlock).ToList();
        blocks.Insert(1, new TextBlock($"Offered by {handoff.OfferedBy}" + (handoff.Note is { } note ? $": {note}" : ".")));
        blocks.Add(new ActionsBlock(
        [
            new ReplyButton("Accept", $"handoff {handoff.HumanId} accept", ButtonStyle.Primary),
            new ReplyButton("Accept and take ownership", $"handoff {handoff.HumanId} accept owner"),
            new ReplyButton("Decline", $"handoff {handoff.HumanId} decline {{reason}}", ButtonStyle.Danger,
                new ReplyForm("Decline handoff", "Decline", [new FormInput("reason", "Reason", Required: false, Multiline: true, MaxLength: 1000)])),
        ]));
        return card with
        {
            FallbackText = $"Handoff {handoff.HumanId}: {customer.Name} ({customer.HumanId}) from {handoff.FromDepartment} to {handoff.ToDepartment}, offered by {handoff.OfferedBy}.",
            Blocks = blocks,
        };
    }

    /// <summary>The card after the decision: same customer, no buttons, the outcome on top.</summary>
    /// <param name="tookOwnership">Whether whoever accepted became the customer's owner: the card's Owner field then names them.</param>
    public static Reply Decided(Reply offer, Handoff handoff, bool tookOwnership = false)
    {
        var outcome = Outcome(handoff, tookOwnership);
        var kept = offer.Blocks.Where(b => b is not ActionsBlock)
            .Select(b => tookOwnership && b is FieldsBlock fields ? WithOwner(fields, handoff.DecidedBy!) : b).ToList();
        return offer with
        {
            Tone = handoff.State == HandoffState.Accepted ? ReplyTone.Success : ReplyTone.Warning,
            FallbackText = $"{offer.FallbackText} {outcome}",
            Blocks = [.. kept.Take(1), new TextBlock(outcome, Emphasis: true), .. kept.Skip(1)],
        };
    }

    private static FieldsBlock WithOwner(FieldsBlock fields, string owner) =>
        fields.Fields.Any(f => f.Label == "Owner")
            ? new FieldsBlock(fields.Fields.Select(f => f.Label == "Owner" ? f with { Value = owner } : f).ToList())
            : new FieldsBlock([.. fields.Fields, new ReplyField("Owner", owner)]);

    /// <param name="tookOwnership">Whether whoever accepted also became the customer's owner.</param>
    public static string Outcome(Handoff handoff, bool tookOwnership = false) => handoff.State == HandoffState.Accepted
        ? tookOwnership ? $"Accepted by {handoff.DecidedBy}, who now owns the customer." : $"Accepted by {handoff.DecidedBy}."
        : $"Declined by {handoff.DecidedBy}" + (handoff.DeclineReason is { } reason ? $": {reason}" : ".");
}
