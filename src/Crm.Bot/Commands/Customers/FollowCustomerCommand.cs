using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Channels;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>This channel is told of every change to the customer, at its own clearance.</summary>
public sealed class FollowCustomerCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("follow", null, "follow <customer>", "tell this channel about every change to the customer",
        ["follow acme"], [Permission.Follow]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Follow, "follow customers");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        if (context.Channel is not { } channel)
            return ReplyKit.Problem("`follow` subscribes a channel; run it in the channel that should be told.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"follow {id}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        if (await context.Db.Follows.AnyAsync(f => f.ChannelId == channel.Id && f.CustomerId == customer.Id, ct))
            return ReplyKit.Problem($"#{channel.Name} already follows {customer.Name} ({customer.HumanId}).");

        context.Db.Follows.Add(new Follow { ChannelId = channel.Id, CustomerId = customer.Id, CreatedBy = context.ActorEmail, CreatedAt = context.Now });
        context.Audit(AuditAction.Change, customer.HumanId, customer.Id, $"#{channel.Name} follows");
        var clearance = FieldClasses.Visible(Audience.ChannelClearance(channel.Department));
        return ReplyKit.Done($"#{channel.Name} now follows {customer.Name} ({customer.HumanId}); updates here show {string.Join(", ", clearance)}.",
            new ReplyButton("Unfollow", $"unfollow {customer.HumanId}"));
    }
}
