using System.Text;
using System.Text.RegularExpressions;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Makes data safe for Slack: mrkdwn entities for &amp; &lt; &gt; (which also disarms <c>&lt;!channel&gt;</c>,
/// <c>&lt;@U…&gt;</c> and <c>&lt;url|label&gt;</c>), a zero-width joiner inside bare @channel/@here/@everyone,
/// and length limits that never cut an entity in half. Bidi controls, invisible and control characters
/// in the data are shown as U+FFFD first (<see cref="UntrustedText.Reveal"/>), so stored text cannot
/// reorder or hide what Slack shows.
/// </summary>
public static partial class SlackText
{
    public const char Ellipsis = '…';
    private const string Joiner = "\u200D";

    /// <summary>For mrkdwn text objects: every piece of user or CRM data goes through here.</summary>
    public static string Mrkdwn(string? data)
    {
        if (string.IsNullOrEmpty(data)) return "";
        data = UntrustedText.Reveal(data);
        var escaped = new StringBuilder(data.Length + 16);
        foreach (var c in data)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }
        return BreakBroadcasts(escaped.ToString());
    }

    /// <summary>
    /// For plain_text objects (headers, button labels, modal labels). Slack parses no markup there, but
    /// whether it decodes entities is not documented; so angle brackets become look-alike quotes, which
    /// can never form a mention or link however Slack treats them, and broadcasts are broken.
    /// </summary>
    public static string Plain(string? data) =>
        string.IsNullOrEmpty(data) ? "" : BreakBroadcasts(UntrustedText.Reveal(data).Replace('<', '\u2039').Replace('>', '\u203A'));

    private static string BreakBroadcasts(string text) =>
        text.Contains('@') ? Broadcast().Replace(text, m => "@" + Joiner + m.Value[1..]) : text;

    [GeneratedRegex("@(channel|here|everyone)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Broadcast();

    /// <summary>Shortens already-escaped text to at most <paramref name="max"/> characters, ending in "…".</summary>
    public static string Shorten(string text, int max)
    {
        if (text.Length <= max) return text;
        var cut = SafeCut(text, max - 1);
        return text[..cut].TrimEnd() + Ellipsis;
    }

    /// <summary>Splits already-escaped text into pieces of at most <paramref name="max"/> characters, preferring line and word breaks.</summary>
    public static IReadOnlyList<string> Chunks(string text, int max)
    {
        var pieces = new List<string>();
        var rest = text;
        while (rest.Length > max)
        {
            var cut = rest.LastIndexOf('\n', max - 1, max / 2);
            if (cut <= 0) cut = rest.LastIndexOf(' ', max - 1, max / 2);
            cut = cut <= 0 ? SafeCut(rest, max) : cut + 1;
            pieces.Add(rest[..cut].TrimEnd());
            rest = rest[cut..].TrimStart('\n');
        }
        if (rest.Length > 0 || pieces.Count == 0) pieces.Add(rest);
        return pieces;
    }

    /// <summary>A cut position at or before <paramref name="max"/> that is not inside an entity or a surrogate pair.</summary>
    private static int SafeCut(string text, int max)
    {
        var cut = Math.Min(max, text.Length);
        var amp = text.LastIndexOf('&', cut - 1, Math.Min(cut, 5));
        if (amp >= 0 && text.IndexOf(';', amp) is var semi && semi >= cut) cut = amp;
        if (cut > 0 && cut < text.Length && char.IsHighSurrogate(text[cut - 1])) cut--;
        return cut;
    }
}
