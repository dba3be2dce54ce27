using System.Globalization;
using Crm.Bot.Commands.Customers;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Deals;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Deals;

/// <summary>A validated new deal in qualify; an open deal of the same name at the customer is shown first.</summary>
public sealed class NewDealCommand : ICommand
{
    private static readonly string[] Fields = ["close", "owner", "currency"];

    public CommandDescriptor Descriptor { get; } = new("new", "deal",
        "new deal <customer> \"<name>\" <amount> [currency <EUR>] [close <date>] [owner <person>]", "open a deal",
        ["new deal acme \"Expansion\" 30000 close 2027-03-31"], [Permission.CreateDeal]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.CreateDeal, "create deals");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 3) return ReplyKit.Usage(Descriptor, "A deal needs a customer, a name and an amount.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"new deal {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;

        var amountAt = 2;
        if (args.At(1)!.Kind != TokenKind.Quoted)
            while (amountAt < args.Count && ParseAmount(args.Word(amountAt)!) is null) amountAt++;
        var name = Guard.Required(args.Rest(1, amountAt), "Deal name", 200);
        if (amountAt >= args.Count || ParseAmount(args.Word(amountAt)!) is not { } amount)
            return ReplyKit.Usage(Descriptor, "What is the deal's amount (a number such as 30000, 30k or 1.5m)?");
        var values = Keywords.Read(args, amountAt + 1, Fields, Descriptor.Usage);
        DateOnly? close = values.TryGetValue("close", out var closeText) ? Dates.ParseDate(closeText, context.Today) : null;
        if (close is { } c && c < context.Today)
            return ReplyKit.Problem($"The close date {ReplyKit.Date(c)} is in the past; give today or a later date.");
        var owner = values.TryGetValue("owner", out var ownerText) ? await MentionResolver.ResolveTextAsync(context, ownerText, ct) : context.ActorEmail;
        var deal = new Deal(await Numbers.NextDealAsync(context.Db, ct), customer.Id, name, amount,
            values.GetValueOrDefault("currency") ?? customer.Currency, close, owner)
        {
            CreatedAt = context.Now, UpdatedAt = context.Now, StageChangedAt = context.Now,
        };

        if (!args.HasFlag("--anyway"))
        {
            var key = deal.Name.ToLowerInvariant();
            var same = await context.Db.Deals.AsNoTracking()
                .Where(d => d.CustomerId == customer.Id && d.Name.ToLower() == key && d.Stage != DealStage.Won && d.Stage != DealStage.Lost)
                .ToListAsync(ct);
            if (same.Count > 0)
                return DuplicateReply.Build($"deal \"{deal.Name}\"", same.Select(d => (d.HumanId, d.Name, "open deal with the same name", $"show {customer.HumanId}")).ToList(), args);
        }

        context.Db.Deals.Add(deal);
        context.Timeline(customer.Id, TimelineKind.DealChange, FieldClass.Commercial, $"Deal {deal.HumanId} \"{deal.Name}\" opened", deal.HumanId);
        context.Audit(AuditAction.Change, deal.HumanId, customer.Id, $"deal opened for {ReplyKit.Money(deal.Amount, deal.Currency)}");
        await FollowNotifier.NotifyAsync(context, customer,
            [new ChangeLine($"New deal {deal.HumanId} \"{deal.Name}\": {ReplyKit.Money(deal.Amount, deal.Currency)}, close {ReplyKit.Date(deal.CloseDate)}.", FieldClass.Commercial)], ct);
        return ReplyKit.Done($"Opened deal {deal.HumanId} \"{deal.Name}\" at {customer.Name} for {ReplyKit.Money(deal.Amount, deal.Currency)} (stage qualify).");
    }

    /// <summary>30000, 30,000, 30k, 1.5m.</summary>
    public static decimal? ParseAmount(string text)
    {
        var t = text.Trim().ToLowerInvariant().Replace(",", "").Replace("_", "");
        var factor = 1m;
        if (t.EndsWith('k')) { factor = 1_000m; t = t[..^1]; }
        else if (t.EndsWith('m')) { factor = 1_000_000m; t = t[..^1]; }
        if (!decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var n)) return null;
        // 79228162514264337593543950335k is a number, but no decimal holds a thousand times it.
        if (n > decimal.MaxValue / factor)
            throw new DomainException($"The amount '{UntrustedText.Clip(text, 41)}' is far too large; give the amount itself, e.g. 48000, 48k or 1.5m.");
        return n * factor;
    }
}
