using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>Fuzzy search: one hit shows the card, several a short list with buttons.</summary>
public sealed class FindCustomerCommand : ICommand
{
    private const int Limit = 8;

    public CommandDescriptor Descriptor { get; } = new("find", null, "find <text>", "search customers by name, domain or id",
        ["find acme", "find globex.example"], [Permission.ReadCustomers]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadCustomers, "read customers");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var query = args.Rest(0);
        if (query.Length == 0) return ReplyKit.Usage(Descriptor, "What should I look for?");
        if (query.Length > 200) return ReplyKit.Problem("That search is too long (at most 200 characters).");
        var hits = await context.Db.CustomerSearch().SearchAsync(query, Limit + 1, ct);
        if (hits.Count == 0)
            return ReplyKit.Problem($"No customer matches '{query}'. Try part of the name or the domain.");
        if (hits.Count == 1)
        {
            var customer = await context.Db.Customers.FirstAsync(c => c.Id == hits[0].Id, ct);
            return await CustomerPresenter.CardAsync(context, customer, context.ReplyAudience, context.Visibility, context.Times, ct);
        }

        context.Audit(AuditAction.View, detail: $"search '{query}': {hits.Count} hits");
        var shown = hits.Take(Limit).ToList();
        // The search stops one past the limit: past it, the true count is unknown, so the answer says "more than".
        var lead = hits.Count > Limit
            ? $"More than {Limit} customers match '{query}'; the first {Limit} are below (add more of the name or the domain to narrow it)"
            : $"{hits.Count} customers match '{query}'";
        return new Reply
        {
            Visibility = context.Visibility,
            FallbackText = $"{lead}: {string.Join(", ", shown.Select(h => $"{h.Name} ({h.HumanId})"))}",
            Blocks =
            [
                new TextBlock($"{lead}:"),
                new TableBlock(null, ["Id", "Name", "Domain", "Region"], shown.Select(h => (IReadOnlyList<string>)[h.HumanId, h.Name, h.Domain ?? "", h.Region ?? ""]).ToList()),
                new ActionsBlock(shown.Select(h => new ReplyButton($"Show {h.HumanId}", $"show {h.HumanId}")).ToList()),
            ],
        };
    }
}
