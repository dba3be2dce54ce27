using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// Similarity on PostgreSQL with pg_trgm's word similarity: the <c>&lt;%</c> operator (word
/// similarity ≥ pg_trgm.word_similarity_threshold, default 0.6) is answered by the GIN trigram
/// index on the name. Word similarity finds the query inside a longer name ("macorta desgin" in
/// "Macorta Design"), and unlike plain similarity (<c>%</c>) it does not let a common word such as
/// "design" or "systems" pull in a large share of all customers as candidates — that is what keeps
/// the step in single-digit milliseconds over a million customers. Ties go to the closer whole name.
/// </summary>
public sealed class PostgresCustomerSearch(CrmDbContext db) : CustomerSearchBase(db)
{
    protected override async Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var rows = await Db.Database.SqlQuery<SimilarRow>($"""
            SELECT "Id", "Number", "Name", "Domain", "Region",
                   word_similarity({key}, "NameKey")::float8 AS "Score",
                   similarity("NameKey", {key})::float8 AS "Whole"
            FROM customers
            WHERE {key} <% "NameKey"
            ORDER BY "Score" DESC, "Whole" DESC, "Number"
            LIMIT {limit}
            """).ToListAsync(cancellationToken);
        return rows.Select(r => new CustomerHit(r.Id, HumanId.Format(HumanId.Customer, r.Number), r.Name, r.Domain, r.Region,
            MatchKind.Similar, r.Score)).ToList();
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
        public double Whole { get; init; }
    }
}
