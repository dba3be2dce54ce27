using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// Similarity on PostgreSQL with pg_trgm. The <c>%</c> (similarity ≥ pg_trgm.similarity_threshold,
/// default 0.3) and <c>&lt;%</c> (word similarity ≥ 0.6) operators are what let the GIN trigram
/// indexes on name and domain answer; the similarity() functions alone would scan every row.
/// Word similarity finds a typo'd word inside a longer name ("acme corp" for "Acme Corporation").
/// </summary>
public sealed class PostgresCustomerSearch(CrmDbContext db) : CustomerSearchBase(db)
{
    protected override async Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var rows = await Db.Database.SqlQuery<SimilarRow>($"""
            SELECT "Id", "Number", "Name", "Domain", "Region",
                   GREATEST(similarity("NameKey", {key}), word_similarity({key}, "NameKey"),
                            COALESCE(similarity("Domain", {key}), 0))::float8 AS "Score"
            FROM customers
            WHERE "NameKey" % {key} OR {key} <% "NameKey" OR "Domain" % {key}
            ORDER BY "Score" DESC, "Number"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new CustomerHit(r.Id, HumanId.Format(HumanId.Customer, r.Number), r.Name, r.Domain, r.Region, MatchKind.Similar, r.Score)).ToList();
    }

    // Column names match the SQL above; EF binds them by name.
    private sealed class SimilarRow
    {
        public long Id { get; init; }
        public long Number { get; init; }
        public string Name { get; init; } = "";
        public string? Domain { get; init; }
        public string? Region { get; init; }
        public double Score { get; init; }
    }
}
