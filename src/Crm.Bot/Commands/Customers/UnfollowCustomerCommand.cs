using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

public sealed class UnfollowCustomerCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("unfollow", null, "unfollow <customer>", "stop telling this channel about the customer",
        ["unfollow acme"], [Permission.Follow]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Follow, "follow customers");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        if (context.Channel is not { } channel)
            return ReplyKit.Problem("`unfollow` applies to a channel; run it in the channel that follows the customer.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"unfollow {id}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var follow = await context.Db.Follows.FirstOrDefaultAsync(f => f.ChannelId == channel.Id && f.CustomerId == customer.Id, ct);
        if (follow is null)
            return ReplyKit.Problem($"#{channel.Name} does not follow {customer.Name} ({customer.HumanId}).");
        context.Db.Follows.Remove(follow);
        context.Audit(AuditAction.Change, customer.HumanId, customer.Id, $"#{channel.Name} unfollows");
        return ReplyKit.Done($"#{channel.Name} no longer follows {customer.Name} ({customer.HumanId}).");
    }
}
