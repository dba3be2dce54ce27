using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>
/// Customer search on either store: exact id, exact name, exact domain, prefix, then contains, and on
/// PostgreSQL trigram similarity for typos. Registered only when storage provides no better search.
/// </summary>
internal sealed class EfCustomerSearch(CrmDbContext db) : ICustomerSearch
{
    public async Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var q = query.Trim().ToLowerInvariant();
        if (q.Length == 0) return [];
        if (HumanId.TryParse(q, out var prefix, out var number) && prefix == HumanId.Customer)
        {
            var byId = await db.Customers.AsNoTracking().Where(c => c.Number == number).ToListAsync(cancellationToken);
            return byId.Select(c => Hit(c, MatchKind.ExactId, 1)).ToList();
        }

        var domainPrefix = q + ".";
        var found = await db.Customers.AsNoTracking()
            .Where(c => c.NameKey == q || c.Domain == q || c.NameKey.StartsWith(q) || c.Domain!.StartsWith(domainPrefix) || c.NameKey.Contains(q))
            .OrderBy(c => c.NameKey).Take(200).ToListAsync(cancellationToken);
        var hits = found.Select(c => Hit(c, Rank(c, q, domainPrefix), 1)).ToList();

        if (db.IsPostgres && hits.Count < limit && q.Length >= 3)
        {
            var known = hits.Select(h => h.Id).ToHashSet();
            var similar = await db.Customers
                .FromSqlInterpolated($"SELECT * FROM customers WHERE similarity(\"NameKey\", {q}) > 0.3 ORDER BY similarity(\"NameKey\", {q}) DESC LIMIT {limit}")
                .AsNoTracking().ToListAsync(cancellationToken);
            hits.AddRange(similar.Where(c => !known.Contains(c.Id)).Select(c => Hit(c, MatchKind.Similar, 0.5)));
        }
        return hits.OrderBy(h => h.Match).ThenByDescending(h => h.Score).ThenBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Take(limit).ToList();
    }

    private static MatchKind Rank(Customer c, string q, string domainPrefix) =>
        c.NameKey == q ? MatchKind.ExactName
        : c.Domain == q ? MatchKind.ExactDomain
        : c.NameKey.StartsWith(q, StringComparison.Ordinal) || (c.Domain?.StartsWith(domainPrefix, StringComparison.Ordinal) ?? false) ? MatchKind.Prefix
        : MatchKind.Similar;

    private static CustomerHit Hit(Customer c, MatchKind kind, double score) =>
        new(c.Id, c.HumanId, c.Name, c.Domain, c.Region, kind, score);
}
