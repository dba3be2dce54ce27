using System.Buffers;
using System.Text.RegularExpressions;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Makes data safe to show in a card. Cards only ever put data into TextRuns (which Teams does not
/// parse as markdown); on top of that, anything a client could still turn into a link or a mention
/// is broken up with an invisible zero-width space. Bidi controls, invisible and control characters in
/// the data are shown as U+FFFD (<see cref="UntrustedText.Reveal"/>, the one rule for every platform),
/// so the only zero-width spaces in a card are the ones put there here.
/// </summary>
internal static partial class CardText
{
    private const char ZeroWidthSpace = '\u200B';

    /// <summary>Characters that mean a text needs the full treatment: controls, the zero-width space, and the start of a mention.</summary>
    private static readonly SearchValues<char> Suspicious = SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Where(c => c is not '\n' and not '\t')
            .Select(c => (char)c).Append(ZeroWidthSpace).Append('<').ToArray());

    public static string Neutralise(string? text, int maxLength = 20_000)
    {
        if (string.IsNullOrEmpty(text)) return "";
        // Most data (names, amounts, dates) has nothing to neutralise: hand it back as it is.
        if (text.Length <= maxLength && text.AsSpan().IndexOfAny(Suspicious) < 0 && !UntrustedText.NeedsNeutralizing(text) &&
            !text.Contains("://", StringComparison.Ordinal) && !text.Contains("www.", StringComparison.OrdinalIgnoreCase))
            return text;
        var result = UntrustedText.Reveal(text);
        var cut = result.Length > maxLength;
        if (cut) result = result[..(char.IsHighSurrogate(result[maxLength - 1]) ? maxLength - 1 : maxLength)];
        result = result.Replace("://", $":{ZeroWidthSpace}//", StringComparison.Ordinal);
        result = Www().Replace(result, m => m.Value[..3] + ZeroWidthSpace + ".");
        result = Mention().Replace(result, m => m.Value[0] + ZeroWidthSpace.ToString() + m.Value[1..]);
        if (cut) result += "…";
        return result;
    }

    [GeneratedRegex(@"www\.", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Www();

    [GeneratedRegex(@"<\s*/?\s*at\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Mention();
}
