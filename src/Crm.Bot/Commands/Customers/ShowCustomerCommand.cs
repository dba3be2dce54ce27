using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Customers;

/// <summary>The customer summary card, redacted for whoever will see it (the asker, or the channel it is posted into).</summary>
public sealed class ShowCustomerCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("show", null, "show <customer>", "a customer's summary card",
        ["show acme", "show C-1001"], [Permission.ReadCustomers]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadCustomers, "read customers");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        // By id (what buttons, links and most people send) the card is one read; anything else is searched.
        if (HumanId.TryParse(args.Rest(0).Trim(), out var prefix, out var number) && prefix == HumanId.Customer
            && await CustomerPresenter.CardByNumberAsync(context, number, context.ReplyAudience, context.Visibility, ct) is { } card)
            return card;
        // By a name exactly one customer has (what people type), the same card after one indexed read of its number.
        if (await CustomerResolver.NumberByExactNameAsync(context, args.Rest(0), ct) is { } named
            && await CustomerPresenter.CardByNumberAsync(context, named, context.ReplyAudience, context.Visibility, ct) is { } namedCard)
            return namedCard;
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"show {id}", ct);
        if (lookup.Customer is null) return lookup.Problem!;
        return await CustomerPresenter.CardAsync(context, lookup.Customer, context.ReplyAudience, context.Visibility, context.Times, ct);
    }
}
