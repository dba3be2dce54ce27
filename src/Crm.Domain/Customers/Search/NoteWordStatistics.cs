using System.Collections.Concurrent;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// How common the words of notes are on PostgreSQL, from what ANALYZE stored for the note index
/// (<c>pg_stats</c> of <c>ix_timeline_note_words</c>: the most common words with the share of notes
/// holding each, and the number of notes). <see cref="PostgresCustomerSearch"/> uses it to choose how
/// to read the newest matching notes; PostgreSQL's own choice between its two indexes was seen to walk
/// millions of notes for a rare word it guessed common. Read once per database every few minutes.
/// </summary>
internal sealed class NoteWordStatistics
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);
    private static readonly ConcurrentDictionary<string, (DateTime ReadAt, NoteWordStatistics Statistics)> Cache = new();

    private readonly Dictionary<string, double> _shares;
    private readonly string[] _sorted;
    private readonly double _rare;

    private NoteWordStatistics(IReadOnlyList<string> words, IReadOnlyList<double> shares, double notes)
    {
        Notes = notes;
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

    private double PrefixShare(string prefix)
    {
        var sum = 0.0;
        var start = Array.BinarySearch(_sorted, prefix, StringComparer.Ordinal);
        for (var i = start < 0 ? ~start : start; i < _sorted.Length && _sorted[i].StartsWith(prefix, StringComparison.Ordinal); i++)
            sum += _shares[_sorted[i]];
        return Math.Min(1, Math.Max(sum, _rare));
    }

    public static async Task<NoteWordStatistics> ForAsync(CrmDbContext db, CancellationToken ct)
    {
        var key = db.Database.GetConnectionString() ?? "";
        if (Cache.TryGetValue(key, out var cached) && DateTime.UtcNow - cached.ReadAt < Lifetime) return cached.Statistics;
        var row = (await db.Database.SqlQueryRaw<StatisticsRow>("""
            SELECT COALESCE((SELECT most_common_elems::text::text[] FROM pg_stats WHERE tablename = 'ix_timeline_note_words'), ARRAY[]::text[]) AS "Words",
                   COALESCE((SELECT most_common_elem_freqs FROM pg_stats WHERE tablename = 'ix_timeline_note_words'), ARRAY[]::real[]) AS "Shares",
                   COALESCE((SELECT reltuples FROM pg_class WHERE relname = 'ix_timeline_note_words'), 0)::float8 AS "Notes"
            """).ToListAsync(ct)).Single();
        // most_common_elem_freqs ends with three summary numbers (smallest, largest share, share of empty values) after one share per word.
        var statistics = new NoteWordStatistics(row.Words, row.Shares.Take(row.Words.Length).Select(s => (double)s).ToList(), row.Notes);
        Cache[key] = (DateTime.UtcNow, statistics);
        return statistics;
    }

    private sealed class StatisticsRow
    {
        public string[] Words { get; init; } = [];
        public float[] Shares { get; init; } = [];
        public double Notes { get; init; }
    }
}
