using System.Collections.Concurrent;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// How common the words of notes are on PostgreSQL, and how many notes recent hours hold, from what
/// ANALYZE stored for the note index (<c>pg_stats</c> of <c>ix_timeline_note_hour_words</c>: for its word
/// column the most common words with the share of notes holding each, for its hour column the histogram
/// of hours; and the number of notes). <see cref="PostgresCustomerSearch"/> uses it to choose how to read
/// the newest matching notes; PostgreSQL's own choice between its indexes was seen to walk millions of
/// notes for a rare word it guessed common. Read once per database every few minutes.
/// </summary>
internal sealed class NoteWordStatistics
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly ConcurrentDictionary<string, (DateTime ReadAt, NoteWordStatistics Statistics)> Cache = new();

    private readonly Dictionary<string, double> _shares;
    private readonly string[] _sorted;
    private readonly double _rare;

    /// <summary>The hours most notes were written in, with the share of notes of each (ANALYZE's most common values).</summary>
    private readonly Dictionary<int, double> _commonHours;
    /// <summary>Bounds of hours that split the other notes into parts of equal size (ANALYZE's histogram), oldest first.</summary>
    private readonly int[] _hourBounds;
    /// <summary>The share of all notes in each part of the histogram.</summary>
    private readonly double _partShare;

    private NoteWordStatistics(IReadOnlyList<string> words, IReadOnlyList<double> shares, double notes, int[] hourBounds,
        IReadOnlyList<int> commonHours, IReadOnlyList<float> commonHourShares)
    {
        Notes = notes;
        _hourBounds = hourBounds;
        _commonHours = [];
        for (var i = 0; i < commonHours.Count && i < commonHourShares.Count; i++) _commonHours[commonHours[i]] = commonHourShares[i];
        _partShare = hourBounds.Length < 2 ? 0 : Math.Max(0, 1 - _commonHours.Values.Sum()) / (hourBounds.Length - 1);
        _shares = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count && i < shares.Count; i++) _shares[words[i]] = shares[i];
        _sorted = [.. _shares.Keys.Order(StringComparer.Ordinal)];
        // A word not among the most common is rarer than the rarest listed; half of it, as PostgreSQL assumes.
        _rare = _shares.Count == 0 ? 0 : _shares.Values.Min() / 2;
    }

    /// <summary>Notes in the index when it was last analyzed (0 when never).</summary>
    public double Notes { get; }

    /// <summary>The expected number of notes holding every word of <paramref name="query"/> (words taken as independent).</summary>
    public double ExpectedMatches(NoteQuery query)
    {
        if (Notes <= 0 || _shares.Count == 0) return 0;
        var share = 1.0;
        for (var i = 0; i < query.Words.Count; i++)
            share *= ShareOf(query, i);
        return share * Notes;
    }

    /// <summary>The share of notes holding word <paramref name="index"/> of <paramref name="query"/> (a prefix: any word it starts).</summary>
    public double ShareOf(NoteQuery query, int index) =>
        query.LastIsPrefix && index == query.Words.Count - 1 ? PrefixShare(query.Words[index]) : _shares.GetValueOrDefault(query.Words[index], _rare);

    /// <summary>
    /// Whether ANALYZE listed word <paramref name="index"/> of <paramref name="query"/> (a prefix: any word it starts) among
    /// the most common words. A word it did not list is rarer than the rarest it did, by how much it cannot say.
    /// </summary>
    public bool IsListed(NoteQuery query, int index)
    {
        var word = query.Words[index];
        if (!(query.LastIsPrefix && index == query.Words.Count - 1)) return _shares.ContainsKey(word);
        var start = Array.BinarySearch(_sorted, word, StringComparer.Ordinal);
        start = start < 0 ? ~start : start;
        return start < _sorted.Length && _sorted[start].StartsWith(word, StringComparison.Ordinal);
    }

    private double PrefixShare(string prefix)
    {
        var sum = 0.0;
        var start = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            sum += _shares[_sorted[i]];
        return Math.Min(1, Math.Max(sum, _rare));
    }

    /// <summary>
    /// How many hours back from <paramref name="lastHour"/> (included) hold about <paramref name="notes"/> notes, at least
    /// one: read from ANALYZE's description of the hours (the most common hours with their shares, the rest as a histogram
    /// whose parts hold equal shares, each spread evenly over its hours), so a timeline that grew busier recently is
    /// measured by its recent hours. Notes written since are not described and make the hours hold more. One hour when
    /// nothing is described (the search then grows its window).
    /// </summary>
    public int HoursHolding(double notes, int lastHour)
    {
        if (Notes <= 0 || (_hourBounds.Length < 2 && _commonHours.Count == 0)) return 1;
        var wanted = notes / Notes + ShareFrom(lastHour + 1);
        int low = Math.Min(_hourBounds.Length > 0 ? _hourBounds[0] : int.MaxValue, _commonHours.Count > 0 ? _commonHours.Keys.Min() : int.MaxValue);
        if (low > lastHour) return 1;
        if (ShareFrom(low) < wanted) return lastHour - low + 1 + (int)Math.Min(int.MaxValue / 16, (wanted - ShareFrom(low)) * Notes); // beyond the oldest: an hour a note
        // The latest hour from which on the described notes reach the share wanted (the share only grows as the hour goes back).
        var (from, to) = (low, lastHour);
        while (from < to)
        {
            var middle = from + (to - from + 1) / 2;
            if (ShareFrom(middle) >= wanted) from = middle; else to = middle - 1;
        }
        return lastHour - from + 1;
    }

    /// <summary>The share of the notes written in <paramref name="hour"/> or later, by the description.</summary>
    private double ShareFrom(int hour)
    {
        var share = 0.0;
        foreach (var (common, commonShare) in _commonHours)
            if (common >= hour) share += commonShare;
        for (var i = 1; i < _hourBounds.Length; i++)
        {
            double start = _hourBounds[i - 1], end = _hourBounds[i] + 1; // a part covers its hours whole
            share += _partShare * Math.Clamp((end - Math.Max(hour, start)) / (end - start), 0, 1);
        }
        return share;
    }

    public static async Task<NoteWordStatistics> ForAsync(CrmDbContext db, CancellationToken ct)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (Cache.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.ReadAt < Lifetime) return cached.Statistics;
        // The index's columns by position: 1 the hour, 2 the words (their names are PostgreSQL's choice).
        var row = (await db.Database.SqlQueryRaw<StatisticsRow>("""
            WITH c AS (SELECT a.attnum, a.attname FROM pg_attribute a WHERE a.attrelid = to_regclass('ix_timeline_note_hour_words')),
                 s AS (SELECT c.attnum, p.* FROM pg_stats p JOIN c ON c.attname = p.attname WHERE p.tablename = 'ix_timeline_note_hour_words')
            SELECT COALESCE((SELECT most_common_elems::text::text[] FROM s WHERE attnum = 2), ARRAY[]::text[]) AS "Words",
                   COALESCE((SELECT most_common_elem_freqs FROM s WHERE attnum = 2), ARRAY[]::real[]) AS "Shares",
                   COALESCE((SELECT histogram_bounds::text::int[] FROM s WHERE attnum = 1), ARRAY[]::int[]) AS "Hours",
                   COALESCE((SELECT most_common_vals::text::int[] FROM s WHERE attnum = 1), ARRAY[]::int[]) AS "CommonHours",
                   COALESCE((SELECT most_common_freqs FROM s WHERE attnum = 1), ARRAY[]::real[]) AS "CommonHourShares",
                   COALESCE((SELECT reltuples FROM pg_class WHERE oid = to_regclass('ix_timeline_note_hour_words')), 0)::float8 AS "Notes"
            """).ToListAsync(ct)).Single();
        // most_common_elem_freqs ends with three summary numbers (smallest, largest share, share of empty values) after one share per word.
        var statistics = new NoteWordStatistics(row.Words, row.Shares.Take(row.Words.Length).Select(s => (double)s).ToList(), row.Notes, row.Hours,
            row.CommonHours, row.CommonHourShares);
        Cache[key] = (DateTime.UtcNow, statistics);
        return statistics;
    }

    private sealed class StatisticsRow
    {
        public string[] Words { get; init; } = [];
        public float[] Shares { get; init; } = [];
        public int[] Hours { get; init; } = [];
        public int[] CommonHours { get; init; } = [];
        public float[] CommonHourShares { get; init; } = [];
        public double Notes { get; init; }
    }
}
