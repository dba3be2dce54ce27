using System.Text;
using Crm.Domain.Common;

namespace Crm.Domain.Customers.Search;

/// <summary>
/// A short piece of a note around the first word that matched, on one line, cut at word boundaries
/// and marked "…" where it was cut: never longer than <see cref="MaxLength"/> characters, however long
/// the note is.
/// </summary>
public static class NoteSnippet
{
    public const int MaxLength = 120;
    private const int Before = 40;

    public static string Around(string text, NoteQuery query)
    {
        var line = OneLine(text);
        var start = FirstMatch(line, query.Atoms(), query.LastIsPrefix);
        // Start a little before the match, at a word's start, so the reader sees what led up to it.
        var from = Math.Max(0, start - Before);
        if (from > 0)
        {
            var space = line.IndexOf(' ', from);
            from = space >= 0 && space < start ? space + 1 : start;
        }
        var lead = from > 0 ? "…" : "";
        var room = MaxLength - lead.Length;
        var rest = line[from..];
        if (rest.Length <= room) return lead + rest;
        // Cut at the last space that leaves room for the closing "…", else mid-word.
        var cut = rest.LastIndexOf(' ', room - 1);
        var kept = cut > room / 2 ? rest[..cut] : UntrustedText.Clip(rest, room)[..^1];
        return lead + kept.TrimEnd() + "…";
    }

    /// <summary>Where the first word of <paramref name="line"/> that is one of <paramref name="atoms"/> starts (0 when none is found).</summary>
    private static int FirstMatch(string line, IReadOnlyList<string> atoms, bool lastIsPrefix)
    {
        var prefix = lastIsPrefix && atoms.Count > 0 ? atoms[^1] : null;
        var i = 0;
        while (i < line.Length)
        {
            if (!char.IsLetterOrDigit(line[i])) { i++; continue; }
            var end = i;
            while (end < line.Length && char.IsLetterOrDigit(line[end])) end++;
            var word = line[i..end].ToLowerInvariant();
            if (atoms.Contains(word) || (prefix is not null && word.StartsWith(prefix, StringComparison.Ordinal))) return i;
            i = end;
        }
        return 0;
    }

    /// <summary>Line breaks and runs of white space become one space.</summary>
    private static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        foreach (var ch in text.Trim())
        {
            if (char.IsWhiteSpace(ch)) { if (line.Length > 0 && line[^1] != ' ') line.Append(' '); }
            else line.Append(ch);
        }
        return line.ToString();
    }
}
