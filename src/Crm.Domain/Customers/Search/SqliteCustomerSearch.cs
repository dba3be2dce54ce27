using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// Similarity on the embedded store: SQLite has no trigram index, so the names and domains are
/// streamed once and scored in memory with the same trigram measure pg_trgm uses. Fine for the
/// embedded demo sizes; large data sets belong on PostgreSQL.
/// </summary>
public sealed class SqliteCustomerSearch(CrmDbContext db) : CustomerSearchBase(db)
{
    // The defaults of pg_trgm.similarity_threshold and pg_trgm.word_similarity_threshold.
    public const double SimilarityThreshold = 0.3;
    public const double WordSimilarityThreshold = 0.6;

    protected override async Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var query = new TrigramSet(key);
        var best = new PriorityQueue<CustomerHit, (double, long)>();
        var rows = Db.Customers.AsNoTracking()
            .Select(c => new { c.Id, c.Number, c.Name, c.NameKey, c.Domain, c.Region })
            .AsAsyncEnumerable();
        await foreach (var c in rows.WithCancellation(cancellationToken))
        {
            var similarity = Math.Max(query.Similarity(c.NameKey), c.Domain is null ? 0 : query.Similarity(c.Domain));
            var wordSimilarity = query.WordSimilarity(c.NameKey);
            if (similarity < SimilarityThreshold && wordSimilarity < WordSimilarityThreshold) continue;
            var score = Math.Max(similarity, wordSimilarity);
            // Min-heap on (score, -number): the weakest hit leaves first when the heap is over the limit.
            best.Enqueue(new CustomerHit(c.Id, HumanId.Format(HumanId.Customer, c.Number), c.Name, c.Domain, c.Region, MatchKind.Similar, score), (score, -c.Number));
            if (best.Count > limit) best.Dequeue();
        }
        var hits = new List<CustomerHit>(best.Count);
        while (best.Count > 0) hits.Add(best.Dequeue());
        hits.Reverse();
        return hits;
    }
}
