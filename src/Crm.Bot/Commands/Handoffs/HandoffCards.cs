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
    public static Reply Decided(Reply offer, Handoff handoff)
    {
        var outcome = Outcome(handoff);
        return offer with
        {
            Tone = handoff.State == HandoffState.Accepted ? ReplyTone.Success : ReplyTone.Warning,
            FallbackText = $"{offer.FallbackText} {outcome}",
            Blocks = [.. offer.Blocks.Where(b => b is not ActionsBlock).Take(1), new TextBlock(outcome, Emphasis: true), .. offer.Blocks.Where(b => b is not ActionsBlock).Skip(1)],
        };
    }

    public static string Outcome(Handoff handoff) => handoff.State == HandoffState.Accepted
        ? $"Accepted by {handoff.DecidedBy}."
        : $"Declined by {handoff.DecidedBy}" + (handoff.DeclineReason is { } reason ? $": {reason}" : ".");
}
