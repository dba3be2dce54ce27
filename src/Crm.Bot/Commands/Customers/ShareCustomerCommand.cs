using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Customers;

/// <summary>Posts the summary card into this channel at the channel's clearance (through the outbox).</summary>
public sealed class ShareCustomerCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("share", null, "share <customer>", "post the customer's card into this channel, at the channel's clearance",
        ["share acme"], [Permission.Share]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Share, "share customers into channels");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        if (context.Channel is not { } channel)
            return ReplyKit.Problem("`share` posts into a channel; run it in the channel where the card should appear.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"share {id}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;

        var audience = context.ChannelAudience(channel, context.Principal);
        var card = await CustomerPresenter.CardAsync(context, customer, audience, ReplyVisibility.Channel, context.ChannelTimes(channel), ct);
        card = card with { Blocks = [.. card.Blocks, new ContextBlock($"Shared by {context.ActorEmail}.")] };
        OutboxWriter.ToChannel(context.Db, channel, card, "share", $"{CommandPipeline.RequestKey(context.Request)}:share", context.Now);
        var hidden = card.Redaction!.HiddenClasses;
        return new Reply
        {
            Tone = ReplyTone.Success,
            FallbackText = $"Shared {customer.Name} ({customer.HumanId}) into #{channel.Name}.",
            Blocks =
            [
                new TextBlock($"Shared {customer.Name} ({customer.HumanId}) into #{channel.Name}."),
                new ContextBlock(hidden.Count == 0 ? "Nothing was hidden." : $"Hidden there: {string.Join(", ", hidden)} ({card.Redaction.Why})."),
            ],
            Redaction = card.Redaction,
        };
    }
}
