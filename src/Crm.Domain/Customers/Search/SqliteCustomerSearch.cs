using Crm.Domain.Access;
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

    /// <summary>
    /// Notes through the FTS5 table <c>timeline_note_words</c> (migration <c>NoteSearch</c>: external
    /// content over the notes of <c>timeline</c>, kept by triggers). The MATCH expression is a
    /// parameter, every word quoted (<see cref="NoteQuery.ToFts5Match"/>), so no input is FTS5 syntax.
    /// </summary>
    protected override async Task<IReadOnlyList<NoteRow>> FindNotesAsync(NoteQuery query, FieldClass readable, NoteRow? after, int limit,
        CancellationToken cancellationToken)
    {
        // At is stored as UTC ticks (UtcTicksConverter).
        var sql = $$"""
            SELECT t."Id" AS "EntryId", t."CustomerId", t."ActorEmail", t."At" AS "AtTicks", t."Text", c."Number", c."Name", c."Domain", c."Region"
            FROM timeline_note_words f
            JOIN timeline t ON t."Id" = f.rowid
            JOIN customers c ON c."Id" = t."CustomerId"
            WHERE timeline_note_words MATCH {0} AND t."Kind" = 'Note' AND (t."FieldClass" & {1}) = t."FieldClass"
              {{(after is null ? "" : """AND (t."At" < {3} OR (t."At" = {3} AND t."Id" < {4}))""")}}
            ORDER BY t."At" DESC, t."Id" DESC
            LIMIT {2}
            """;
        object[] parameters = after is null
            ? [query.ToFts5Match(), (int)readable, limit]
            : [query.ToFts5Match(), (int)readable, limit, after.At.UtcTicks, after.EntryId];
        var rows = await Db.Database.SqlQueryRaw<NoteSqlRow>(sql, parameters).ToListAsync(cancellationToken);
        return rows.Select(r => new NoteRow(r.EntryId, r.CustomerId, r.ActorEmail, new DateTimeOffset(r.AtTicks, TimeSpan.Zero), r.Text,
            r.Number, r.Name, r.Domain, r.Region)).ToList();
    }

    private sealed class NoteSqlRow
    {
        public long EntryId { get; init; }
        public long CustomerId { get; init; }
        public string ActorEmail { get; init; } = "";
        public long AtTicks { get; init; }
        public string Text { get; init; } = "";
        public long Number { get; init; }
        public string Name { get; init; } = "";
        public string? Domain { get; init; }
        public string? Region { get; init; }
    }

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
