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
    /// words in few notes: all their notes through the word index, sorted; words in many: only the
    /// notes within a window of the newest notes (found with <c>ix_timeline_note_at</c>) that holds
    /// enough matches, grown eight-fold while it does not, then the word index for what is older. So no
    /// search reads more than about <see cref="MaxWindow"/> notes in time order, and a rare word is never
    /// looked for by walking the notes in time order.
    /// <para>
    /// Every value is written into the statement as a literal, none is sent as a parameter, so each
    /// statement is planned for its own words and window; a generic plan made for parameters cannot
    /// tell a rare word from a common one. The literals are safe: <see cref="NoteQuery"/> words hold
    /// only letters, digits and . @ - _, and the other values are numbers and instants formatted here.
    /// The statements run without JIT compilation or parallel workers, whose start-up costs more than
    /// these reads (PostgreSQL's estimate for a word it does not know is far too high, and asks for both).
    /// </para>
    /// </summary>
    protected override async Task<IReadOnlyList<NoteRow>> FindNotesAsync(NoteQuery query, FieldClass readable, NoteRow? after, int limit,
        CancellationToken cancellationToken)
    {
        var statistics = await NoteWordStatistics.ForAsync(Db, cancellationToken);
        var expected = statistics.ExpectedMatches(query);
        var rows = new List<NoteSqlRow>();
        (DateTimeOffset At, long Id)? before = after is null ? null : (after.At, after.EntryId);
        await using var transaction = Db.Database.CurrentTransaction is null ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
        await Db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0", cancellationToken);
        if (expected > FewMatches)
        {
            var window = (long)Math.Clamp(limit * statistics.Notes / expected * 2, 256, MaxWindow);
            for (; window <= MaxWindow && rows.Count < limit; window *= 8)
            {
                var edge = await WindowEdgeAsync(before, window, cancellationToken);
                if (edge is null) break; // fewer notes are left than the window: the word index reads them
                rows.AddRange(await Db.Database.SqlQueryRaw<NoteSqlRow>(NotesSql(query, readable, limit - rows.Count, before, edge, RarestFirst(query, statistics)))
                    .ToListAsync(cancellationToken));
                before = edge;
            }
        }
        if (rows.Count < limit)
            rows.AddRange(await Db.Database.SqlQueryRaw<NoteSqlRow>(NotesSql(query, readable, limit - rows.Count, before, null))
                .ToListAsync(cancellationToken));
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return rows.Select(r => new NoteRow(r.EntryId, r.CustomerId, r.ActorEmail, r.At, r.Text, r.Number, r.Name, r.Domain, r.Region)).ToList();
    }

    /// <summary>The query's words, the rarest first: the substring test of a window stops at the first word a note lacks.</summary>
    private static IReadOnlyList<string> RarestFirst(NoteQuery query, NoteWordStatistics statistics) =>
        Enumerable.Range(0, query.Words.Count).OrderBy(i => statistics.ShareOf(query, i)).Select(i => query.Words[i]).ToList();

    /// <summary>The <paramref name="window"/>-th newest note older than <paramref name="before"/>; null when there are fewer.</summary>
    private async Task<(DateTimeOffset At, long Id)?> WindowEdgeAsync((DateTimeOffset At, long Id)? before, long window, CancellationToken ct)
    {
        var sql = $"""
            SELECT "At", "Id" FROM timeline
            WHERE "Kind" = 'Note' {(before is { } b ? $"""AND ("At", "Id") < ({Instant(b.At)}, {b.Id})""" : "")}
            ORDER BY "At" DESC, "Id" DESC OFFSET {window - 1} LIMIT 1
            """;
        var edge = await Db.Database.SqlQueryRaw<EdgeRow>(sql).ToListAsync(ct);
        return edge.Count == 0 ? null : (edge[0].At, edge[0].Id);
    }

    /// <summary>Read at most this many matches through the word index: bounds a search whose words are far more common than the statistics said.</summary>
    private const int MaxMatchesByWords = 20_000;

    /// <summary>
    /// The newest <paramref name="limit"/> notes holding the words that <paramref name="readable"/> may
    /// read, older than <paramref name="before"/> when given, with their customers. Without
    /// <paramref name="from"/>: the matches through the word index (a materialized CTE, so PostgreSQL
    /// cannot walk the notes in time order instead), sorted. With it: the notes of the window from
    /// <paramref name="from"/> (inclusive) are read through the time index behind a fence (OFFSET 0),
    /// so the words are checked on those notes only and the word index, which would gather every
    /// match of a common word, is not used; a substring test first spares computing the words of most.
    /// </summary>
    internal static string NotesSql(NoteQuery query, FieldClass readable, int limit, (DateTimeOffset At, long Id)? before, (DateTimeOffset At, long Id)? from,
        IReadOnlyList<string>? testOrder = null)
    {
        var words = $"""to_tsvector('simple', t."Text") @@ to_tsquery('simple', '{query.ToTsQuery().Replace("'", "''")}')""";
        var older = before is { } b ? $"""AND (t."At", t."Id") < ({Instant(b.At)}, {b.Id})""" : "";
        var matches = from is { } f
            ? $"""
                SELECT t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text" FROM (
                    SELECT t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text", t."FieldClass", lower(t."Text") AS "Lower" FROM timeline t
                    WHERE t."Kind" = 'Note' AND (t."At", t."Id") >= ({Instant(f.At)}, {f.Id}) {older} OFFSET 0) t
                WHERE {Contains(testOrder ?? query.Words)} AND {words} AND (t."FieldClass" & {(int)readable}) = t."FieldClass"
                """
            : $"""
                SELECT t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text" FROM timeline t
                WHERE t."Kind" = 'Note' AND {words} AND (t."FieldClass" & {(int)readable}) = t."FieldClass" {older}
                LIMIT {MaxMatchesByWords}
                """;
        return $"""
            WITH m AS MATERIALIZED ({matches})
            SELECT m."Id" AS "EntryId", m."CustomerId", m."ActorEmail", m."At", m."Text", c."Number", c."Name", c."Domain", c."Region"
            FROM (SELECT * FROM m ORDER BY "At" DESC, "Id" DESC LIMIT {limit}) m JOIN customers c ON c."Id" = m."CustomerId"
            ORDER BY m."At" DESC, m."Id" DESC
            """;
    }

    /// <summary>
    /// A cheap test every match passes: the note's lower-cased text (computed once per note, in the window's
    /// subquery) contains each word (a word the 'simple' configuration finds is the lower-cased text of a piece
    /// of the note), tested in the order given (the rarest first). Checked before the words are computed,
    /// which costs far more; it narrows a window to the few notes worth that.
    /// </summary>
    private static string Contains(IReadOnlyList<string> words) =>
        string.Join(" AND ", words.Select(w => $"""strpos(t."Lower", lower('{w}')) > 0"""));

    /// <summary>A timestamptz literal of <paramref name="at"/>, to the microsecond PostgreSQL stores.</summary>
    private static string Instant(DateTimeOffset at) =>
        "'" + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + "+00'::timestamptz";

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
