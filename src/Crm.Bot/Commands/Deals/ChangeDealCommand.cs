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

/// <summary>Stage, amount, close date or owner of a deal; a rep changes their own deals, a manager those of their region.</summary>
public sealed class ChangeDealCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("deal", null, "deal <D-id> stage <stage> | amount <n> | close <date> | owner <person> | reopen",
        "change a deal", ["deal D-1001 stage negotiate", "deal D-1001 amount 48000", "deal D-1001 close 2026-12-15"],
        [Permission.ChangeOwnDeal, Permission.ChangeRegionDeal]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ChangeOwnDeal, "change deals");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which deal, and what changes?" : "What should change?");
        if (!HumanId.TryParse(args.Word(0)!, out var prefix, out var number) || prefix != HumanId.Deal)
            return ReplyKit.Usage(Descriptor, $"'{Clip(args.Word(0)!)}' is not a deal id; deal ids look like D-1001 (see them with `show <customer>`).");
        var deal = await context.Db.Deals.Include(d => d.Customer).FirstOrDefaultAsync(d => d.Number == number, ct);
        if (deal is null) return ReplyKit.Problem($"There is no deal {HumanId.Format(HumanId.Deal, number)}.");
        var customer = deal.Customer!;

        var scope = AccessPolicy.CanChangeDeal(context.Principal, deal.OwnerEmail, customer.Region, deal.HumanId);
        if (!scope.Allowed)
        {
            context.Audit(AuditAction.Denial, deal.HumanId, customer.Id, scope.Reason, AuditOutcome.Denied);
            return ReplyKit.Denied(scope.Reason!);
        }

        var what = args.Word(1)!.ToLowerInvariant();
        var value = args.Rest(2);
        string change;
        switch (what)
        {
            case "stage":
                if (!DealStages.TryParse(value, out var stage))
                    return ReplyKit.Usage(Descriptor, $"'{Clip(value)}' is not a stage; stages are {DealStages.AllNames}.");
                var from = deal.Stage;
                deal.MoveTo(stage, context.Now);
                change = $"stage {Lower(from)} → {Lower(stage)}";
                break;
            case "amount":
                if (NewDealCommand.ParseAmount(value) is not { } amount)
                    return ReplyKit.Usage(Descriptor, $"'{Clip(value)}' is not an amount; give a number such as 48000 or 48k.");
                var old = deal.Amount;
                deal.ChangeAmount(amount);
                change = $"amount {ReplyKit.Money(old, deal.Currency)} → {ReplyKit.Money(deal.Amount, deal.Currency)}";
                break;
            case "close":
                var close = Dates.ParseDate(value, context.Today);
                if (close < context.Today)
                    return ReplyKit.Problem($"The close date {ReplyKit.Date(close)} is in the past; give today or a later date.");
                deal.ChangeCloseDate(close);
                change = $"close date → {ReplyKit.Date(close)}";
                break;
            case "owner":
                var owner = await MentionResolver.ResolveTextAsync(context, value, ct);
                deal.ChangeOwner(owner);
                change = $"owner → {owner}";
                break;
            case "reopen":
                deal.Reopen(context.Now);
                change = "reopened into negotiate";
                break;
            default:
                return ReplyKit.Usage(Descriptor, $"I can change stage, amount, close or owner of a deal, not '{Clip(what)}'.");
        }
        deal.UpdatedAt = context.Now;
        context.Timeline(customer.Id, what == "stage" ? TimelineKind.StageChange : TimelineKind.DealChange, FieldClass.Commercial,
            $"Deal {deal.HumanId} {change}", deal.HumanId);
        context.Audit(AuditAction.Change, deal.HumanId, customer.Id, change);
        await FollowNotifier.NotifyAsync(context, customer, [new ChangeLine($"Deal {deal.HumanId} \"{deal.Name}\": {change}.", FieldClass.Commercial)], ct);
        return ReplyKit.Done($"Deal {deal.HumanId} \"{deal.Name}\" ({customer.Name}): {change}.");
    }

    private static string Lower(DealStage s) => s.ToString().ToLowerInvariant();

    private static string Clip(string s) => UntrustedText.Clip(s, 41);
}
