using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

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
    private readonly NoteSearchTuning _tuning = NoteSearchTuning.Default;

    /// <summary>With other bounds of the note search: lets tests drive every path over a few thousand notes.</summary>
    internal PostgresCustomerSearch(CrmDbContext db, NoteSearchTuning tuning) : this(db) => _tuning = tuning;

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

    /// <summary>
    /// The bounds of the note search's choices. <paramref name="FewMatches"/>: up to this many matching notes (by the
    /// statistics) are read whole through the index by words alone and sorted; above it, asking for the hours that should
    /// hold the newest matches is cheaper (over 5M notes the two cost the same near 1,300 matches: each match read costs a
    /// few µs, each note of the asked hours about 0.06 µs in the index). <paramref name="MinWindow"/>: the fewest notes (by the
    /// statistics) the first hours asked should hold. <paramref name="MaxWindow"/>: the most notes (by the statistics) the
    /// asked hours may hold before the search turns to the index by words alone.
    /// <paramref name="MaxPrefixNotes"/>: a prefix (the last word being typed) that starts words of more notes than this
    /// is not looked up in the index but tested on the notes the other words and the hours found: the index gathers every
    /// note of every word a prefix starts before it can combine them with anything (about 0.4 µs a note).
    /// </summary>
    internal sealed record NoteSearchTuning(double FewMatches, long MinWindow, long MaxWindow, double MaxPrefixNotes)
    {
        public static readonly NoteSearchTuning Default = new(1500, 256, 65_536, 20_000);
    }

    /// <summary>
    /// The hour a note was written in (UTC hours since 1970), exactly as the first column of the GIN index
    /// <c>ix_timeline_note_hour_words</c> computes it (migration <c>NoteSearchByHour</c>); the index is only used
    /// when a statement repeats it exactly.
    /// </summary>
    internal const string NoteHour = """floor(date_part('epoch', t."At" AT TIME ZONE 'UTC') / 3600)::int""";

    /// <summary>The words of notes exactly as the second column of that index computes them.</summary>
    private const string NoteWords = """to_tsvector('simple', t."Text")""";

    /// <summary>
    /// Notes by full-text search through the GIN index <c>ix_timeline_note_hour_words</c> on (the note's hour,
    /// <c>to_tsvector('simple', "Text")</c>) <c>WHERE "Kind" = 'Note'</c> (migration <c>NoteSearchByHour</c>); every
    /// statement repeats those expressions and that predicate exactly, or the index is not used. How the newest
    /// matches are read depends on how common the words are (<see cref="NoteWordStatistics"/>): words in few notes:
    /// all their notes through the index by words alone, sorted; words in many: the index is asked for the notes
    /// holding the words within the newest hours that should hold enough matches (the hours counted from the
    /// statistics' description of the hours), so only matching notes are read; while too few are found, a span of hours
    /// two to eight times longer is asked (reading the few matches of the newer hours again), up to hours holding about <see cref="NoteSearchTuning.MaxWindow"/> notes, then
    /// the index by words alone for what is older. A word ANALYZE did not list among the most common is only known to be
    /// rarer than those it listed: the index by words alone is asked first for a few more matches than few, and when there
    /// are no more than that, those are the answer. So no search reads many notes that do not match, and none walks
    /// the notes in time order.
    /// <para>
    /// Every value is written into the statement as a literal, none is sent as a parameter, so each
    /// statement is planned for its own words and hours; a generic plan made for parameters cannot
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
        (DateTimeOffset At, long Id)? before = after is null ? null : (after.At, after.EntryId);
        await using var transaction = Db.Database.CurrentTransaction is null ? await Db.Database.BeginTransactionAsync(cancellationToken) : null;
        await Db.Database.ExecuteSqlRawAsync("SET LOCAL jit = off; SET LOCAL max_parallel_workers_per_gather = 0", cancellationToken);
        var rows = await NewestAsync(query, readable, before, limit, statistics, expected, cancellationToken);
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return rows.Select(r => new NoteRow(r.EntryId, r.CustomerId, r.ActorEmail, r.At, r.Text, r.Number, r.Name, r.Domain, r.Region)).ToList();
    }

    private async Task<List<NoteSqlRow>> NewestAsync(NoteQuery query, FieldClass readable, (DateTimeOffset At, long Id)? before, int limit,
        NoteWordStatistics statistics, double expected, CancellationToken ct)
    {
        if (expected <= _tuning.FewMatches)
            return await ReadAsync(WordsSql(query, readable, limit, before, null), ct);
        if (!Enumerable.Range(0, query.Words.Count).All(i => statistics.IsListed(query, i)))
        {
            // The estimate rests on a word ANALYZE did not list, likely far rarer than estimated: the word index is asked for
            // one match more than few first; when it has no more, they are all there and no hours need asking.
            var cap = (int)Math.Min(_tuning.FewMatches + 1, MaxMatchesByWords);
            var few = await ReadAsync(WordsSql(query, readable, limit, before, null, cap), ct);
            if (few.Count == 0 || few[0].Matches < cap) return few;
        }
        if (await HoursOfNotesAsync(before, ct) is not { Newest: { } newest, Oldest: { } oldest })
            return [];
        var prefixIndexed = !query.LastIsPrefix || statistics.ShareOf(query, query.Words.Count - 1) * statistics.Notes <= _tuning.MaxPrefixNotes;
        // Hours that should hold a few times the matches wanted: when the index is asked for the words, a longer span costs
        // little (only matching notes are read) and a second span costs as much as the first again (a prefix's notes are
        // gathered anew); when the notes of the hours are tested one by one, each note of the span costs. The newest hour
        // is still being written (half full on average): it is not counted.
        var margin = prefixIndexed ? 4 : 2;
        var hours = 1 + statistics.HoursHolding(Math.Clamp(limit * statistics.Notes / expected * margin, _tuning.MinWindow, _tuning.MaxWindow), newest - 1);
        var maxHours = 1 + statistics.HoursHolding(_tuning.MaxWindow, newest - 1);
        // Each span of hours ends at the newest; a longer one reads the newer hours again, which held fewer matches than asked for.
        for (long span = hours; ; )
        {
            var from = (int)Math.Max(oldest, newest - span + 1);
            var rows = await ReadAsync(WindowSql(query, prefixIndexed, readable, limit, before, from), ct);
            // No note is older than the oldest hour: the word index has nothing left to add.
            if (rows.Count >= limit || from <= oldest) return rows;
            if (newest - from + 1 >= maxHours)
            {
                rows.AddRange(await ReadAsync(WordsSql(query, readable, limit - rows.Count, before, from), ct));
                return rows;
            }
            span *= Growth(rows.Count, limit);
        }
    }

    /// <summary>
    /// How many times longer the next span of hours is: by the matches the last one held, to hold twice those still
    /// wanted; between two and eight times (eight when it held none), so a near miss does not read eight times the notes.
    /// </summary>
    internal static int Growth(int found, int wanted) =>
        found == 0 ? 8 : (int)Math.Clamp(Math.Ceiling(2.0 * wanted / found), 2, 8);

    private Task<List<NoteSqlRow>> ReadAsync(string sql, CancellationToken ct) =>
        ReadRowsAsync(sql, r => new NoteSqlRow(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3), r.GetString(4),
            r.GetInt64(5), r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetInt64(9)), ct);

    /// <summary>
    /// Runs a statement of literals on the context's connection and reads its rows by position. Not through EF's raw
    /// queries: every statement here has its own text (its own words, hours and cursor), and EF compiles and caches a
    /// query for each text it has not seen, which cost more than most of these statements take to run.
    /// </summary>
    private async Task<List<T>> ReadRowsAsync<T>(string sql, Func<DbDataReader, T> read, CancellationToken ct)
    {
        await Db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = Db.Database.GetDbConnection().CreateCommand();
            command.CommandText = sql;
            command.Transaction = Db.Database.CurrentTransaction?.GetDbTransaction();
            if (Db.Database.GetCommandTimeout() is { } timeout) command.CommandTimeout = timeout;
            await using var reader = await command.ExecuteReaderAsync(ct);
            var rows = new List<T>();
            while (await reader.ReadAsync(ct)) rows.Add(read(reader));
            return rows;
        }
        finally { await Db.Database.CloseConnectionAsync(); }
    }

    /// <summary>The newest notes holding the words (what <c>find</c> reads), for tests of the paths through the index.</summary>
    internal Task<IReadOnlyList<NoteRow>> NewestNotesAsync(NoteQuery query, FieldClass readable, NoteRow? after, int limit, CancellationToken ct) =>
        FindNotesAsync(query, readable, after, limit, ct);

    /// <summary>
    /// The hours of the newest note (older than <paramref name="before"/> when given; the hour of
    /// <paramref name="before"/> itself at most) and of the oldest note, computed by the index's own expression;
    /// nulls when there are no notes. Both ends of <c>ix_timeline_note_at</c>, one row each.
    /// </summary>
    private async Task<HourSpan> HoursOfNotesAsync((DateTimeOffset At, long Id)? before, CancellationToken ct)
    {
        var newest = $"""(SELECT {NoteHour} FROM timeline t WHERE t."Kind" = 'Note' ORDER BY t."At" DESC, t."Id" DESC LIMIT 1)""";
        if (before is { } b)
            newest = $"""LEAST({newest}, (SELECT {NoteHour} FROM (SELECT {Instant(b.At)} AS "At") t))""";
        var sql = $"""
            SELECT {newest} AS "Newest",
                   (SELECT {NoteHour} FROM timeline t WHERE t."Kind" = 'Note' ORDER BY t."At", t."Id" LIMIT 1) AS "Oldest"
            """;
        return (await ReadRowsAsync(sql, r => new HourSpan(r.IsDBNull(0) ? null : r.GetInt32(0), r.IsDBNull(1) ? null : r.GetInt32(1)), ct)).Single();
    }

    /// <summary>Read at most this many matches through the word index: bounds a search whose words are far more common than the statistics said.</summary>
    private const int MaxMatchesByWords = 20_000;

    /// <summary>
    /// The newest <paramref name="limit"/> notes written in the hour <paramref name="fromHour"/> or later, older than
    /// <paramref name="before"/> when given, holding the words, that <paramref name="readable"/> may read, with their
    /// customers. The hours have no upper bound: the index answers "this hour or later" from the entries of those hours
    /// alone, but "this hour or earlier" from every entry back to the first note. The index is asked for the hours and the
    /// words together (a materialized CTE without order or limit, so PostgreSQL has no reason to walk the notes in
    /// time order instead), so only notes holding the words are read; a prefix too common to look up
    /// (<paramref name="prefixIndexed"/> false) is tested on those notes, a substring test first, which spares
    /// computing the words of most. The cursor is applied outside the CTE, where no index can be chosen for it.
    /// </summary>
    internal static string WindowSql(NoteQuery query, bool prefixIndexed, FieldClass readable, int limit, (DateTimeOffset At, long Id)? before,
        int fromHour)
    {
        var indexedWords = prefixIndexed || !query.LastIsPrefix ? query.Words.Count : query.Words.Count - 1;
        var indexed = indexedWords == 0 ? "" : $"AND {NoteWords} @@ to_tsquery('simple', '{TsQuery(query, indexedWords)}')";
        var tested = indexedWords == query.Words.Count
            ? ""
            : $"""AND strpos(lower(t."Text"), lower('{query.Words[^1]}')) > 0 AND {NoteWords} @@ to_tsquery('simple', '{TsQuery(query, query.Words.Count)}')""";
        var matches = $"""
            SELECT t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text" FROM timeline t
            WHERE t."Kind" = 'Note' AND {NoteHour} >= {fromHour} {indexed} AND (t."FieldClass" & {(int)readable}) = t."FieldClass"
            """;
        return Newest(matches, limit, $"""WHERE true {Older(before)} {tested}""");
    }

    /// <summary>
    /// The newest <paramref name="limit"/> notes holding the words that <paramref name="readable"/> may read, older
    /// than <paramref name="before"/> when given and written before the hour <paramref name="beforeHour"/> when given,
    /// with their customers: every match through the index by words alone (a materialized CTE, so PostgreSQL cannot
    /// walk the notes in time order instead), at most <see cref="MaxMatchesByWords"/>, sorted. The hour is compared as
    /// <c>hour + 0</c>, which no index serves: asked of the index, "every hour before this one" would gather nearly
    /// every note.
    /// </summary>
    internal static string WordsSql(NoteQuery query, FieldClass readable, int limit, (DateTimeOffset At, long Id)? before, int? beforeHour,
        int cap = MaxMatchesByWords)
    {
        var hour = beforeHour is { } h ? $"AND ({NoteHour}) + 0 < {h}" : "";
        var matches = $"""
            SELECT t."Id", t."CustomerId", t."ActorEmail", t."At", t."Text" FROM timeline t
            WHERE t."Kind" = 'Note' AND {NoteWords} @@ to_tsquery('simple', '{TsQuery(query, query.Words.Count)}')
              AND (t."FieldClass" & {(int)readable}) = t."FieldClass" {Older(before)} {hour}
            LIMIT {cap}
            """;
        return Newest(matches, limit, "");
    }

    /// <summary>
    /// The newest <paramref name="limit"/> of <paramref name="matches"/> passing <paramref name="filter"/>, newest first, with
    /// their customers, and on each row the number of <paramref name="matches"/> (so a capped read tells that it was capped).
    /// </summary>
    private static string Newest(string matches, int limit, string filter) => $"""
        WITH m AS MATERIALIZED ({matches})
        SELECT m."Id" AS "EntryId", m."CustomerId", m."ActorEmail", m."At", m."Text", c."Number", c."Name", c."Domain", c."Region",
               (SELECT count(*) FROM m) AS "Matches"
        FROM (SELECT * FROM m t {filter} ORDER BY "At" DESC, "Id" DESC LIMIT {limit}) m JOIN customers c ON c."Id" = m."CustomerId"
        ORDER BY m."At" DESC, m."Id" DESC
        """;

    private static string Older((DateTimeOffset At, long Id)? before) =>
        before is { } b ? $"""AND (t."At", t."Id") < ({Instant(b.At)}, {b.Id})""" : "";

    /// <summary>The tsquery of the first <paramref name="words"/> words of <paramref name="query"/> as a quoted SQL string's content.</summary>
    private static string TsQuery(NoteQuery query, int words) => query.ToTsQuery(words).Replace("'", "''");

    /// <summary>A timestamptz literal of <paramref name="at"/>, to the microsecond PostgreSQL stores.</summary>
    private static string Instant(DateTimeOffset at) =>
        "'" + at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff", System.Globalization.CultureInfo.InvariantCulture) + "+00'::timestamptz";

    private sealed record HourSpan(int? Newest, int? Oldest);

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

    /// <summary>A matching note with its customer, and the number of matches the statement gathered.</summary>
    private sealed record NoteSqlRow(long EntryId, long CustomerId, string ActorEmail, DateTimeOffset At, string Text, long Number, string Name,
        string? Domain, string? Region, long Matches);

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
