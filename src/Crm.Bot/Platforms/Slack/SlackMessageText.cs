using System.Text.RegularExpressions;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Turns the text of a message event back into a plain command line.</summary>
internal static partial class SlackMessageText
{
    /// <summary>Drops the leading mention(s) of the bot, turns &lt;@U…&gt; into @U…, links into their URL, and decodes entities.</summary>
    public static string ToCommandLine(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var line = LeadingMentions().Replace(text, "");
        line = Reference().Replace(line, m =>
        {
            var target = m.Groups["target"].Value;
            var label = m.Groups["label"].Success ? m.Groups["label"].Value : null;
            return target[0] switch
            {
                '@' => "@" + (label ?? target[1..]),
                '#' => "#" + (label ?? target[1..]),
                '!' => label ?? "",
                _ => target,
            };
        });
        return line.Replace("&lt;", "<").Replace("&gt;", ">").Replace("&amp;", "&").Trim();
    }

    [GeneratedRegex(@"^\s*(?:<@[A-Z0-9]+(?:\|[^>]*)?>\s*)+", RegexOptions.CultureInvariant)]
    private static partial Regex LeadingMentions();

    [GeneratedRegex(@"<(?<target>[^|>]+)(?:\|(?<label>[^>]*))?>", RegexOptions.CultureInvariant)]
    private static partial Regex Reference();
}
