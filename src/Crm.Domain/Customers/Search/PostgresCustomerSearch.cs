using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// Similarity on PostgreSQL with pg_trgm.
/// <para>
/// The query's words ("hewlensel retail", or just "hewlensel"): each word is corrected against the list of words that occur
/// in customer names (<c>customer_name_words</c>, a few hundred thousand rows even for a million
/// customers) and replaced by its nearest known words by trigram similarity (a known word is its
/// own nearest). Only customers whose name holds a candidate of every word are read (GIN index on
/// the name's words), ranked by similarity of the whole name to the whole query; the score shown
/// is the word similarity (how much of the query the name holds), as on the other path. Comparing the
/// whole query with every name instead lets a common word ("retail", "systems") pull a large share of
/// all customers into the comparison, which is what made two-word typos slow.
/// </para>
/// <para>
/// Only when no query word resembles a word of any name: word similarity
/// (<c>&lt;%</c>, threshold 0.6) against the GIN trigram index on the name, which also finds the
/// query inside a longer name. When the word path had candidates but no customer holds one of
/// each, nothing is similar enough: the slower whole-query comparison is not tried then, so a
/// miss costs no more than a hit.
/// </para>
/// </summary>
public sealed class PostgresCustomerSearch(CrmDbContext db) : CustomerSearchBase(db)
{
    /// <summary>Nearest known words tried for each query word.</summary>
    private const int CandidatesPerWord = 150;
    private const int MaxWords = 4;

    protected override async Task<IReadOnlyList<CustomerHit>> FindSimilarAsync(string key, int limit, CancellationToken cancellationToken)
    {
        var words = key.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 3).Distinct().Take(MaxWords).ToList();
        if (words.Count > 0 && await ByCorrectedWordsAsync(key, words, limit, cancellationToken) is { } hits)
            return hits;
        return await ByWordSimilarityAsync(key, limit, cancellationToken);
    }

    /// <summary>Null when no query word resembles any word of any name (then only the whole-query comparison is left).</summary>
    private async Task<IReadOnlyList<CustomerHit>?> ByCorrectedWordsAsync(string key, IReadOnlyList<string> words, int limit, CancellationToken ct)
    {
        // Step 1, one round trip: the nearest known words of every query word (a known word is its own nearest).
        var lookups = string.Join("\nUNION ALL\n", words.Select((_, i) => $"""
            SELECT {i} AS "Index", ARRAY(SELECT word FROM customer_name_words WHERE word % {Placeholder(i)}
                                         ORDER BY similarity(word, {Placeholder(i)}) DESC, word LIMIT {CandidatesPerWord}) AS "Words"
            """));
        var candidates = (await Db.Database.SqlQueryRaw<WordCandidates>(lookups, words.Cast<object>().ToArray()).ToListAsync(ct))
            .Where(c => c.Words.Length > 0).Select(c => c.Words).ToList();
        // A word like nothing in any name ("the", a stray letter run) narrows nothing: it is left out.
        if (candidates.Count == 0) return null;

        // Step 2: customers whose name holds a candidate of every remaining word, closest whole name first.
        var sql = $"""
            SELECT "Id", "Number", "Name", "Domain", "Region",
                   word_similarity({Placeholder(0)}, "NameKey")::float8 AS "Score",
                   similarity("NameKey", {Placeholder(0)})::float8 AS "Whole"
            FROM customers
            WHERE {string.Join(" AND ", candidates.Select((_, i) => $"string_to_array(\"NameKey\", ' ') && {Placeholder(i + 2)}"))}
            ORDER BY "Whole" DESC, "Score" DESC, "Number"
            LIMIT {Placeholder(1)}
            """;
        object[] parameters = [key, limit, .. candidates];
        return ToHits(await Db.Database.SqlQueryRaw<SimilarRow>(sql, parameters).ToListAsync(ct));
    }

    private async Task<IReadOnlyList<CustomerHit>> ByWordSimilarityAsync(string key, int limit, CancellationToken ct)
    {
        var rows = await Db.Database.SqlQuery<SimilarRow>($"""
            SELECT "Id", "Number", "Name", "Domain", "Region",
                   word_similarity({key}, "NameKey")::float8 AS "Score",
                   similarity("NameKey", {key})::float8 AS "Whole"
            FROM customers
            WHERE {key} <% "NameKey"
            ORDER BY "Score" DESC, "Whole" DESC, "Number"
            LIMIT {limit}
            """).ToListAsync(ct);
        return ToHits(rows);
    }

    /// <summary>Up to this many matching notes (by the statistics) are read whole through the word index and sorted.</summary>
    private const double FewMatches = 3000;
    /// <summary>The largest window of newest notes a search reads before it turns to the word index.</summary>
    private const long MaxWindow = 65_536;

    /// <summary>
    /// Notes by full-text search: the expression GIN index <c>ix_timeline_note_words</c> on
    /// <c>to_tsvector('simple', "Text") WHERE "Kind" = 'Note'</c> (migration <c>NoteSearch</c>); every
    /// statement repeats that expression and predicate exactly, or the index is not used. How the
    /// newest matches are read depends on how common the words are (<see cref="NoteWordStatistics"/>):
    /// words in few notes: all their notes through the word index, sorted (<see cref="ByWordsSql"/>);
    /// words in many: a window of the newest notes (<c>ix_timeline_note_at</c>), which holds enough
    /// matches, grown eight-fold while it does not, then the word index for what is older
    /// (<see cref="InWindowSql"/>). So no search walks more than <see cref="MaxWindow"/> notes in time order.
    /// The tsquery is written into the statement as a literal, not sent as a parameter, so each search
    /// is planned for its own words. The literal is safe: <see cref="NoteQuery"/> words hold only
    /// letters, digits and . @ - _.
    /// </summary>
    protected override async Task<IReadOnlyList<NoteRow>> FindNotesAsync(NoteQuery query, FieldClass readable, NoteRow? after, int limit,
        CancellationToken cancellationToken)
    {
        var statistics = await NoteWordStatistics.ForAsync(Db, cancellationToken);
        var expected = statistics.ExpectedMatches(query);
        var rows = new List<NoteSqlRow>();
        (DateTimeOffset At, long Id)? before = after is null ? null : (after.At, after.EntryId);
        if (expected > FewMatches)
        {
            var window = (long)Math.Clamp(limit * statistics.Notes / expected * 2, 256, MaxWindow);
            for (; window <= MaxWindow && rows.Count < limit; window *= 8)
            {
                var edge = await WindowEdgeAsync(before, window, cancellationToken);
                if (edge is null) break; // fewer notes are left than the window: the word index reads them
                rows.AddRange(await Db.Database.SqlQueryRaw<NoteSqlRow>(InWindowSql(query, before is not null),
                    Parameters(readable, limit - rows.Count, before, edge)).ToListAsync(cancellationToken));
                before = edge;
            }
        }
        if (rows.Count < limit)
            rows.AddRange(await Db.Database.SqlQueryRaw<NoteSqlRow>(ByWordsSql(query, before is not null),
                Parameters(readable, limit - rows.Count, before, null)).ToListAsync(cancellationToken));
        return rows.Select(r => new NoteRow(r.EntryId, r.CustomerId, r.ActorEmail, r.At, r.Text, r.Number, r.Name, r.Domain, r.Region)).ToList();
    }

    private static object[] Parameters(FieldClass readable, int limit, (DateTimeOffset At, long Id)? before, (DateTimeOffset At, long Id)? edge) =>
        [(int)readable, limit, before?.At ?? DateTimeOffset.MaxValue, before?.Id ?? long.MaxValue, edge?.At ?? DateTimeOffset.MinValue, edge?.Id ?? 0L];

    /// <summary>The <paramref name="window"/>-th newest note older than <paramref name="before"/>; null when there are fewer.</summary>
    private async Task<(DateTimeOffset At, long Id)?> WindowEdgeAsync((DateTimeOffset At, long Id)? before, long window, CancellationToken ct)
    {
        var sql = $$"""
            SELECT "At", "Id" FROM timeline
            WHERE "Kind" = 'Note' {{(before is null ? "" : """AND ("At", "Id") < ({0}, {1})""")}}
            ORDER BY "At" DESC, "Id" DESC OFFSET {2} LIMIT 1
            """;
        var edge = await Db.Database.SqlQueryRaw<EdgeRow>(sql, before?.At ?? DateTimeOffset.MaxValue, before?.Id ?? long.MaxValue, window - 1).ToListAsync(ct);
        return edge.Count == 0 ? null : (edge[0].At, edge[0].Id);
    }

    private static string Match(NoteQuery query) =>
        $"""t."Kind" = 'Note' AND to_tsvector('simple', t."Text") @@ to_tsquery('simple', '{query.ToTsQuery().Replace("'", "''")}')""";

    private const string Columns = """t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text" """;

    private const string WithCustomer = """
        SELECT m."Id" AS "EntryId", m."CustomerId", m."ActorEmail", m."At", m."Text", c."Number", c."Name", c."Domain", c."Region"
        """;

    /// <summary>
    /// Every matching note through the word index (a materialized CTE keeps PostgreSQL from walking the
    /// notes in time order instead), the newest {1} of them with their customers. {0} the readable classes,
    /// {2} and {3} the note they must be older than.
    /// </summary>
    internal static string ByWordsSql(NoteQuery query, bool continued) => $$"""
        WITH m AS MATERIALIZED (
            SELECT {{Columns}} FROM timeline t
            WHERE {{Match(query)}} AND (t."FieldClass" & {0}) = t."FieldClass"
              {{(continued ? """AND (t."At", t."Id") < ({2}, {3})""" : "")}})
        {{WithCustomer}}
        FROM (SELECT * FROM m ORDER BY "At" DESC, "Id" DESC LIMIT {1}) m JOIN customers c ON c."Id" = m."CustomerId"
        ORDER BY m."At" DESC, m."Id" DESC
        """;

    /// <summary>
    /// The newest {1} matching notes from {4}, {5} (inclusive) up to {2}, {3} (exclusive, when continued), with their customers.
    /// </summary>
    internal static string InWindowSql(NoteQuery query, bool continued) => $$"""
        {{WithCustomer}}
        FROM (SELECT {{Columns}} FROM timeline t
              WHERE {{Match(query)}} AND (t."FieldClass" & {0}) = t."FieldClass"
                AND (t."At", t."Id") >= ({4}, {5}) {{(continued ? """AND (t."At", t."Id") < ({2}, {3})""" : "")}}
              ORDER BY t."At" DESC, t."Id" DESC LIMIT {1}) m
        JOIN customers c ON c."Id" = m."CustomerId"
        ORDER BY m."At" DESC, m."Id" DESC
        """;

    private sealed class EdgeRow
    {
        public DateTimeOffset At { get; init; }
        public long Id { get; init; }
    }

    private static IReadOnlyList<CustomerHit> ToHits(IEnumerable<SimilarRow> rows) =>
        rows.Select(r => new CustomerHit(r.Id, HumanId.Format(HumanId.Customer, r.Number), r.Name, r.Domain, r.Region,
            MatchKind.Similar, r.Score)).ToList();

    /// <summary>A positional parameter of a raw query ("{0}"); the values always travel as parameters.</summary>
    private static string Placeholder(int index) => "{" + index + "}";

    private sealed class WordCandidates
    {
        public int Index { get; init; }
        public string[] Words { get; init; } = [];
    }

    private sealed class NoteSqlRow
    {
        public long EntryId { get; init; }
        public long CustomerId { get; init; }
        public string ActorEmail { get; init; } = "";
        public DateTimeOffset At { get; init; }
        public string Text { get; init; } = "";
        public long Number { get; init; }
        public string Name { get; init; } = "";
        public string? Domain { get; init; }
        public string? Region { get; init; }
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
