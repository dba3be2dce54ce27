using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Notifications;

/// <summary>
/// Tells every channel that follows a customer about a change, on whichever platform it lives: one
/// outbox message per channel, each redacted to that channel's clearance, in the change's transaction.
/// </summary>
public static class FollowNotifier
{
    public static Task<int> NotifyAsync(CommandContext context, Customer customer, IReadOnlyList<ChangeLine> changes, CancellationToken ct) =>
        NotifyAsync(context, customer, _ => changes, ct);

    /// <param name="changes">The change lines as one channel reads them: times in that channel's zone.</param>
    public static async Task<int> NotifyAsync(CommandContext context, Customer customer, Func<TimeDisplay, IReadOnlyList<ChangeLine>> changes,
        CancellationToken ct)
    {
        var db = context.Db;
        var channels = await db.Follows.Where(f => f.CustomerId == customer.Id).Select(f => f.Channel!).ToListAsync(ct);
        if (channels.Count == 0) return 0;

        // The card shows the customer as it is after the change.
        await db.SaveChangesAsync(ct);
        var view = await CustomerViewLoader.LoadAsync(db, customer.Id, context.Today, ct)
                   ?? throw new InvalidOperationException($"Customer {customer.HumanId} vanished during a change.");
        var key = CommandPipeline.RequestKey(context.Request);
        foreach (var channel in channels)
        {
            var times = context.ChannelTimes(channel);
            var redacted = Redactor.Redact(view with { Changes = changes(times) }, context.ChannelAudience(channel, poster: null));
            var card = CustomerCard.Build(redacted, ReplyVisibility.Channel, viewer: null, times, title: $"Update: {view.Name} ({view.Id})");
            card = card with
            {
                FallbackText = $"Update on {view.Name} ({view.Id}): {string.Join(" ", redacted.View.Changes.Select(c => c.Text))}",
                Blocks = [.. card.Blocks, new ContextBlock($"By {context.Actor} via {context.Request.Platform.ToString().ToLowerInvariant()}; this channel follows {view.Id}.")],
            };
            OutboxWriter.ToChannel(db, channel, card, "follow", $"{key}:follow:{channel.Id}", context.Now);
        }
        return channels.Count;
    }
}
