using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Bot.Replies;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>
/// Turns what someone typed for a customer (C-1001, acme, "Acme Corporation", acme.example) into one
/// customer. Several candidates come back as buttons that re-run the command with the chosen id.
/// </summary>
public static class CustomerResolver
{
    public const int MaxCandidates = 5;

    public static async Task<CustomerLookup> ResolveAsync(CommandContext context, string reference, Func<string, string> commandFor, CancellationToken ct)
    {
        var query = reference.Trim();
        if (query.Length == 0)
            return new CustomerLookup(null, ReplyKit.Problem("Which customer? Give a name, domain or id such as C-1001."));
        if (query.Length > 200)
            return new CustomerLookup(null, ReplyKit.Problem("That customer reference is too long (at most 200 characters)."));

        // An id is the common case (buttons and links carry ids): one indexed read, no ranking needed.
        if (HumanId.TryParse(query, out var prefix, out var number) && prefix == HumanId.Customer
            && await context.Db.Customers.FirstOrDefaultAsync(c => c.Number == number, ct) is { } byId)
            return new CustomerLookup(byId, null);

        var search = context.Db.CustomerSearch();
        var hits = await search.SearchAsync(query, MaxCandidates + 1, ct);
        var chosen = Choose(hits);
        if (chosen is not null)
        {
            var customer = await context.Db.Customers.FirstAsync(c => c.Id == chosen.Id, ct);
            return new CustomerLookup(customer, null);
        }
        if (hits.Count == 0)
        {
            var hint = HumanId.TryParse(query, out var kind, out _) && kind == HumanId.Customer
                ? $"There is no customer {query.ToUpperInvariant()}."
                : $"No customer matches '{query}'.";
            return new CustomerLookup(null, ReplyKit.Problem($"{hint} Try `find {query}` with part of the name or the domain."));
        }

        var candidates = hits.Take(MaxCandidates).ToList();
        var text = $"'{query}' matches {(hits.Count > MaxCandidates ? "more than " + MaxCandidates : hits.Count.ToString())} customers; which one did you mean?";
        return new CustomerLookup(null, new Reply
        {
            Tone = ReplyTone.Warning,
            FallbackText = text + " " + string.Join(", ", candidates.Select(h => $"{h.Name} ({h.HumanId})")),
            Blocks =
            [
                new TextBlock(text),
                new ActionsBlock(candidates.Select(h => new ReplyButton($"{h.Name} ({h.HumanId})", commandFor(h.HumanId))).ToList()),
            ],
        });
    }

    /// <summary>One clear winner: a single hit, or a single hit of the best kind (an exact match over prefix matches).</summary>
    private static CustomerHit? Choose(IReadOnlyList<CustomerHit> hits)
    {
        if (hits.Count == 0) return null;
        if (hits.Count == 1) return hits[0];
        var best = hits.Min(h => h.Match);
        if (best == MatchKind.Similar) return null;
        var top = hits.Where(h => h.Match == best).ToList();
        return top.Count == 1 ? top[0] : null;
    }
}
