using System.Text;

namespace Crm.Domain.Common;

/// <summary>
/// Neutralizes text that other people will see: bidi embeddings, overrides and isolates (which make
/// "gnp.exe" read as "exe.png"), zero-width and other invisible characters (which make "ro​ot" look
/// like "root"), control characters and broken surrogates. Used wherever such text enters: the
/// command line, CSV imports, directory display names, Slack modal values and Teams card data.
/// Only for what is shown, never for what identifies: e-mails, group ids and department names are
/// matched as given, so stripping cannot make one person's value equal another's.
/// </summary>
public static class UntrustedText
{
    /// <summary>LRE, RLE, PDF, LRO, RLO and the isolates LRI, RLI, FSI, PDI.</summary>
    public static bool IsBidiControl(char c) => c is >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069';

    /// <summary>
    /// Characters that show nothing: zero-width space, non-joiner and joiner, direction marks (LRM, RLM,
    /// ALM), word joiner and invisible operators, the byte-order mark, soft hyphen, combining grapheme
    /// joiner, Mongolian vowel separator, Hangul fillers.
    /// </summary>
    public static bool IsInvisible(char c) => c is >= '\u200B' and <= '\u200F' or >= '\u2060' and <= '\u2064'
        or '\uFEFF' or '\u00AD' or '\u034F' or '\u061C' or '\u180E' or '\u115F' or '\u1160' or '\u3164' or '\uFFA0';

    /// <summary>
    /// At most <paramref name="max"/> characters (with "…" when cut), never cutting a surrogate pair in
    /// half: half an emoji cannot be stored in PostgreSQL or sent as UTF-8.
    /// </summary>
    public static string Clip(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = Math.Max(0, max - 1);
        if (cut > 0 && char.IsHighSurrogate(text[cut - 1])) cut--;
        return text[..cut] + "…";
    }

    /// <summary>
    /// The text with every broken surrogate (half of a pair, as JSON's "\ud800" can carry) replaced by
    /// U+FFFD, so it can be encoded as UTF-8 (PostgreSQL, HTTP) and normalised; otherwise unchanged.
    /// </summary>
    public static string WellFormed(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (!char.IsSurrogate(text[i])) continue;
            var chars = text.ToCharArray();
            for (var j = i; j < chars.Length; j++)
            {
                if (char.IsHighSurrogate(chars[j]) && j + 1 < chars.Length && char.IsLowSurrogate(chars[j + 1])) { j++; continue; }
                if (char.IsSurrogate(chars[j])) chars[j] = '\uFFFD';
            }
            return new string(chars);
        }
        return text;
    }

    /// <summary>Whether <paramref name="text"/> holds anything <see cref="Neutralize"/> would change.</summary>
    public static bool NeedsNeutralizing(string? text, bool singleLine = false)
    {
        if (string.IsNullOrEmpty(text)) return false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsBidiControl(c) || IsInvisible(c)) return true;
            if (char.IsControl(c) && (singleLine || c is not ('\n' or '\t'))) return true;
            if (char.IsHighSurrogate(c) && (i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]))) return true;
            if (char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))) return true;
            if (char.IsHighSurrogate(c)) i++;
        }
        return false;
    }

    /// <summary>What <see cref="Reveal"/> shows in place of a character that would hide or reorder text.</summary>
    public const char Marker = '\uFFFD';

    /// <summary>
    /// For text on its way out (Slack, Teams, plain text): stored text may predate <see cref="Neutralize"/>
    /// or come from a bulk path, and identifiers (e-mails, group names) are kept exactly as given. So every
    /// character <see cref="Neutralize"/> would drop is shown as <see cref="Marker"/> instead of being
    /// removed: nothing can reorder or hide what is shown, and two values that differ only by invisible
    /// characters ("root" and "ro\u200Bot") still look different. Line breaks and tabs stay; "\r" goes.
    /// </summary>
    public static string Reveal(string? text)
    {
        if (text is null) return "";
        if (!NeedsNeutralizing(text)) return text;
        var shown = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                shown.Append(c).Append(text[++i]);
                continue;
            }
            if (c is '\n' or '\t') shown.Append(c);
            else if (c == '\r') continue;
            else if (char.IsSurrogate(c) || IsBidiControl(c) || IsInvisible(c) || char.IsControl(c)) shown.Append(Marker);
            else shown.Append(c);
        }
        return shown.ToString();
    }

    /// <summary>
    /// The text without bidi controls, invisible characters and control characters (line breaks and tabs
    /// stay, unless <paramref name="singleLine"/>, when they become spaces); a broken surrogate becomes U+FFFD.
    /// </summary>
    public static string Neutralize(string? text, bool singleLine = false)
    {
        if (text is null) return "";
        if (!NeedsNeutralizing(text, singleLine)) return text;
        var clean = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                clean.Append(c).Append(text[++i]);
                continue;
            }
            if (char.IsSurrogate(c)) clean.Append('\uFFFD');
            else if (IsBidiControl(c) || IsInvisible(c)) continue;
            else if (c is '\n' or '\t' or '\r') { if (singleLine) clean.Append(' '); else if (c != '\r') clean.Append(c); }
            else if (!char.IsControl(c)) clean.Append(c);
        }
        return singleLine ? clean.ToString().Trim() : clean.ToString();
    }
}
