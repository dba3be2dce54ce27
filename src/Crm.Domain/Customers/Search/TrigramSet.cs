namespace Crm.Domain.Customers.Search;

/// <summary>
/// pg_trgm's measure in C#: words (runs of letters and digits) padded with two spaces before and
/// one after, cut into three-character pieces. Similarity is shared / union of the two sets; word
/// similarity is the share of the query's trigrams that the text contains.
/// </summary>
public sealed class TrigramSet
{
    private readonly HashSet<string> _trigrams;

    public TrigramSet(string text) => _trigrams = Extract(text);

    public int Count => _trigrams.Count;

    public double Similarity(string other)
    {
        var theirs = Extract(other);
        if (_trigrams.Count == 0 || theirs.Count == 0) return 0;
        var shared = theirs.Count(_trigrams.Contains);
        return (double)shared / (_trigrams.Count + theirs.Count - shared);
    }

    /// <summary>
    /// Approximates word_similarity(query, text): the share of the query's trigrams found in the text,
    /// so a query that is (nearly) one word of a longer name scores high.
    /// </summary>
    public double WordSimilarity(string text)
    {
        if (_trigrams.Count == 0) return 0;
        var theirs = Extract(text);
        return (double)_trigrams.Count(theirs.Contains) / _trigrams.Count;
    }

    private static HashSet<string> Extract(string text)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var word in Words(text))
        {
            var padded = "  " + word + " ";
            for (var i = 0; i + 3 <= padded.Length; i++) set.Add(padded.Substring(i, 3));
        }
        return set;
    }

    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new System.Text.StringBuilder();
        foreach (var ch in text.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(ch)) current.Append(ch);
            else if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
