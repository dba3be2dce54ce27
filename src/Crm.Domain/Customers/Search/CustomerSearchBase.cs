using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// The ranking both providers share: exact id, then exact name or domain, then name or domain
/// prefix, then similarity. Each step asks only for the hits still missing. Similarity is the
/// fallback for when nothing matched exactly: an exact name or domain is the answer, and fuzzy
/// neighbours would only bury it. Only the similarity step differs per provider.
/// </summary>
public abstract class CustomerSearchBase(CrmDbContext db) : ICustomerSearch
{
    public const int MaxLimit = 50;

    protected CrmDbContext Db => db;

    public async Task<IReadOnlyList<CustomerHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken)
    {
        var text = (query ?? "").Trim();
        limit = Math.Clamp(limit, 1, MaxLimit);
        if (text.Length == 0 || text.Length > 200) return [];

        var key = text.ToLowerInvariant();
        var hits = new SearchHits(limit);
        var customers = db.Customers.AsNoTracking();

        if (HumanId.TryParse(text, out var prefix, out var number) && prefix == HumanId.Customer)
        {
            var byId = await Project(customers.Where(c => c.Number == number), MatchKind.ExactId, 1).ToListAsync(cancellationToken);
            if (byId.Count > 0) return byId;
        }

        hits.AddRange(await Project(customers.Where(c => c.NameKey == key).OrderBy(c => c.Number), MatchKind.ExactName, 1)
            .Take(limit).ToListAsync(cancellationToken));
        var domain = NormaliseDomain(key);
        if (!hits.IsFull && domain is not null)
            hits.AddRange(await Project(customers.Where(c => c.Domain == domain).OrderBy(c => c.Number), MatchKind.ExactDomain, 1)
                .Take(hits.Missing).ToListAsync(cancellationToken));

        var exactFound = hits.Count > 0;
        if (!hits.IsFull)
            hits.AddRange(await Project(customers.Where(c => c.NameKey.StartsWith(key)).OrderBy(c => c.NameKey), MatchKind.Prefix, 0.9)
                .Take(hits.Missing + hits.Count).ToListAsync(cancellationToken));
        if (!hits.IsFull && domain is not null)
            hits.AddRange(await Project(customers.Where(c => c.Domain!.StartsWith(domain)).OrderBy(c => c.Domain), MatchKind.Prefix, 0.85)
                .Take(hits.Missing + hits.Count).ToListAsync(cancellationToken));

        if (!exactFound && !hits.IsFull && key.Length >= 3)
            hits.AddRange(await FindSimilarAsync(key, hits.Missing + hits.Count, cancellationToken));
        return hits.ToList();
    }

    /// <summary>Customers whose name or domain is similar to <paramref name="key"/>, best first.</summary>
    protected abstract Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken);

    private static IQueryable<CustomerHit> Project(IQueryable<Customer> customers, MatchKind kind, double score) =>
        customers.Select(c => new CustomerHit(c.Id, HumanId.Format(HumanId.Customer, c.Number), c.Name, c.Domain, c.Region, kind, score));

    /// <summary>The query as a domain, when it could be one (no spaces; "https://" and "www." dropped).</summary>
    private static string? NormaliseDomain(string key)
    {
        if (key.Contains(' ')) return null;
        var domain = key;
        foreach (var scheme in (string[])["https://", "http://"])
            if (domain.StartsWith(scheme, StringComparison.Ordinal)) domain = domain[scheme.Length..];
        if (domain.StartsWith("www.", StringComparison.Ordinal)) domain = domain[4..];
        return domain.TrimEnd('/') is { Length: > 0 } d ? d : null;
    }
}
