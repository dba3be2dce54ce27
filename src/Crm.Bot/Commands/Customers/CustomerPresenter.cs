using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>Loads a customer, redacts it for an audience and renders the card; records the view in the audit trail.</summary>
public static class CustomerPresenter
{
    /// <param name="times">The zone the card's reader sees times in (the viewer's, or the channel's for a post).</param>
    public static async Task<Reply> CardAsync(CommandContext context, Customer customer, Audience audience, ReplyVisibility visibility, TimeDisplay times,
        CancellationToken ct, string? title = null)
    {
        var view = await CustomerViewLoader.LoadAsync(context.Db, customer.Id, context.Today, ct)
                   ?? throw new InvalidOperationException($"Customer {customer.HumanId} vanished while being shown.");
        return Present(context, customer.Id, view, audience, visibility, times, title, await FollowsAsync(context, customer.Id, ct));
    }

    /// <summary>The card of customer C-<paramref name="number"/> read in one go, or null when there is no such customer.</summary>
    public static async Task<Reply?> CardByNumberAsync(CommandContext context, long number, Audience audience, ReplyVisibility visibility, CancellationToken ct)
    {
        var rows = await CustomerViewLoader.LoadRowsByNumberAsync(context.Db, number, ct);
        return rows is null ? null : Present(context, rows.Customer.Id, CustomerViewLoader.Build(rows, context.Today), audience, visibility, context.Times, null,
            await FollowsAsync(context, rows.Customer.Id, ct));
    }

    /// <summary>Whether the channel asked in follows the customer; null in a private chat, or when the asker may not follow (no button then).</summary>
    private static async Task<bool?> FollowsAsync(CommandContext context, long customerId, CancellationToken ct) =>
        context.Channel is { } channel && context.Principal.Has(Permission.Follow)
            ? await context.Db.Follows.AnyAsync(f => f.ChannelId == channel.Id && f.CustomerId == customerId, ct)
            : null;

    private static Reply Present(CommandContext context, long customerId, CustomerView view, Audience audience, ReplyVisibility visibility, TimeDisplay times,
        string? title, bool? follows)
    {
        var redacted = Redactor.Redact(view, audience);
        context.Audit(AuditAction.View, view.Id, customerId,
            $"shown to {audience.Name}; hidden: {(redacted.Redaction.HiddenClasses.Count == 0 ? "nothing" : string.Join(", ", redacted.Redaction.HiddenClasses))}");
        return CustomerCard.Build(redacted, visibility, context.Principal, times, title, follows);
    }
}
