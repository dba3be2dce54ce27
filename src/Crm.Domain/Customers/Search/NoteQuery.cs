using System.Text;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// The words of a search in notes, taken from what the person typed: runs of letters and digits,
/// with '.', '@', '-' and '_' kept inside a word so "acme.example" and "e-mail" stay one word as both
/// stores' tokenizers see them. Nothing else of the input reaches a query: every character that
/// could mean something to tsquery or FTS5 (quotes, operators, parentheses, '*', ':') is a separator,
/// so no input can make a syntax error. All words must occur; the last one also as a prefix when the
/// input ends with it and it is at least <see cref="MinPrefixLength"/> letters and nothing else: a
/// shorter prefix would match nearly every note, and a prefix of a number or a code ("q19", "2026")
/// stands for thousands of different words, which the word index would have to read one by one.
/// </summary>
public sealed class NoteQuery
{
    public const int MaxWords = 8;
    public const int MinPrefixLength = 3;

    private NoteQuery(IReadOnlyList<string> words, bool lastIsPrefix)
    {
        Words = words;
        LastIsPrefix = lastIsPrefix;
    }

    /// <summary>The words, lower-cased, in the order typed.</summary>
    public IReadOnlyList<string> Words { get; }

    public bool LastIsPrefix { get; }

    /// <summary>The search, or null when the input holds no word at all (only punctuation).</summary>
    public static NoteQuery? Parse(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        var endsInWord = false;
        foreach (var ch in text.Trim())
        {
            endsInWord = char.IsLetterOrDigit(ch);
            if (IsWordChar(ch)) { current.Append(ch); continue; }
            Add(words, current);
        }
        Add(words, current);
        if (words.Count == 0) return null;
        var last = words[^1];
        var lastIsPrefix = endsInWord && last.Length >= MinPrefixLength && last.All(char.IsLetter);
        // Each word once; the word being typed stays last, where the prefix applies.
        var kept = words.Where(w => w != last).Distinct().Take(MaxWords - 1).Append(last).ToList();
        return new NoteQuery(kept, lastIsPrefix);
    }

    /// <summary>
    /// The PostgreSQL tsquery text: <c>'wants' &amp; 'demo':*</c>. Each word is quoted; a word holds only
    /// letters, digits and . @ - _, so it never holds a quote or a backslash.
    /// </summary>
    public string ToTsQuery() => ToTsQuery(Words.Count);

    /// <summary>The tsquery of the first <paramref name="words"/> words only (the last word of the whole query is the prefix).</summary>
    public string ToTsQuery(int words) =>
        string.Join(" & ", Words.Take(words).Select((w, i) => $"'{w}'" + (LastIsPrefix && i == Words.Count - 1 ? ":*" : "")));

    /// <summary>The FTS5 MATCH expression: <c>"wants" "demo"*</c>: every word a quoted string, all required.</summary>
    public string ToFts5Match() =>
        string.Join(" ", Words.Select((w, i) => "\"" + w.Replace("\"", "\"\"") + "\"" + (LastIsPrefix && i == Words.Count - 1 ? "*" : "")));

    /// <summary>The runs of letters and digits inside the words: what the snippet looks for in a note.</summary>
    public IReadOnlyList<string> Atoms()
    {
        var atoms = new List<string>();
        foreach (var word in Words)
            atoms.AddRange(word.Split(['.', '@', '-', '_'], StringSplitOptions.RemoveEmptyEntries));
        return atoms;
    }

    private static bool IsWordChar(char ch) => char.IsLetterOrDigit(ch) || ch is '.' or '@' or '-' or '_';

    private static void Add(List<string> words, StringBuilder current)
    {
        // Punctuation at either end belongs to the sentence, not the word ("demo." or "-urgent").
        var word = current.ToString().Trim('.', '@', '-', '_').ToLowerInvariant();
        current.Clear();
        if (word.Length > 0) words.Add(word);
    }
}
