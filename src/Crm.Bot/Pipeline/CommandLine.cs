using System.Text;
using Crm.Domain.Common;

namespace Crm.Bot.Pipeline;

/// <summary>
/// Splits what a person typed into tokens: words, quoted names ("Globex Ltd", “smart quotes”, 'single'),
/// Slack mentions (&lt;@U123|ava&gt;) and Teams mentions (&lt;at&gt;Ava&lt;/at&gt;). It refuses only what
/// no command can mean: control characters and text longer than <see cref="MaxLength"/>.
/// </summary>
public static class CommandLine
{
    public const int MaxLength = 4000;

    public static CommandLineResult Parse(string? input)
    {
        var raw = input ?? "";
        if (raw.Length > MaxLength * 2)
            return TooLong(raw.Length);
        foreach (var ch in raw)
        {
            if (char.IsControl(ch) && ch is not ('\n' or '\r' or '\t'))
                return CommandLineResult.Fail($"The command contains a control character (U+{(int)ch:X4}); type it again without it.");
            if (UntrustedText.IsBidiControl(ch))
                return CommandLineResult.Fail("The command contains text-direction override characters; type it again without them.");
        }
        // Invisible characters (zero-width spaces and joiners, direction marks) would hide inside names and
        // notes others read; a broken surrogate cannot even be normalised. Neither means anything to a command.
        var text = UntrustedText.Neutralize(raw).Normalize(NormalizationForm.FormC);
        if (text.Length > MaxLength)
            return TooLong(text.Length);

        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            var start = i;
            if (text[i] is '"' or '“' or '”' or '„' or '\'' or '‘' or '’')
            {
                if (ReadQuoted(text, i) is { } quoted)
                {
                    tokens.Add(new Token(quoted.Value, TokenKind.Quoted, start));
                    i = quoted.End + 1;
                    continue;
                }
                if (text[i] is '\'' or '’') { tokens.Add(ReadWord(text, ref i, start)); continue; }
                return CommandLineResult.Fail($"A quote opened at position {start + 1} is never closed; close it, e.g. \"Globex Ltd\".");
            }
            if (text.AsSpan(i).StartsWith("<@") && text.IndexOf('>', i) is var gt and > 0)
            {
                var inner = text[(i + 2)..gt];
                var id = inner.Split('|')[0];
                if (id.Length > 0 && id.All(char.IsLetterOrDigit))
                {
                    tokens.Add(new Token(id, TokenKind.SlackMention, start));
                    i = gt + 1;
                    continue;
                }
            }
            if (text.AsSpan(i).StartsWith("<at>", StringComparison.OrdinalIgnoreCase))
            {
                var end = text.IndexOf("</at>", i, StringComparison.OrdinalIgnoreCase);
                if (end > 0)
                {
                    tokens.Add(new Token(text[(i + 4)..end].Trim(), TokenKind.TeamsMention, start));
                    i = end + 5;
                    continue;
                }
            }
            tokens.Add(ReadWord(text, ref i, start));
        }
        return new CommandLineResult(tokens, text, null);
    }

    /// <summary>
    /// The quoted value that opens at <paramref name="open"/> and the index of its closing quote, or null when
    /// <paramref name="open"/> is no quote or it is never closed. Inside double quotes a backslash makes the
    /// next quote or backslash literal (<c>"Acme \"Labs\" Ltd"</c>); any other backslash is kept as typed.
    /// </summary>
    public static (string Value, int End)? ReadQuoted(string text, int open)
    {
        if (open >= text.Length || text[open] is not ('"' or '“' or '”' or '„' or '\'' or '‘' or '’')) return null;
        var close = Closing(text[open]);
        var escapes = close[0] == '"';
        var value = new StringBuilder();
        for (var i = open + 1; i < text.Length; i++)
        {
            var c = text[i];
            if (escapes && c == '\\' && i + 1 < text.Length && (text[i + 1] == '\\' || close.Contains(text[i + 1])))
            {
                value.Append(text[++i]);
                continue;
            }
            if (close.Contains(c)) return (value.ToString(), i);
            value.Append(c);
        }
        return null;
    }

    /// <summary>
    /// A form value as one argument that <see cref="Parse"/> reads back exactly: a plain word stays as it is,
    /// anything else (spaces, line breaks, quotes, backslashes, <c>=</c>) goes in double quotes with
    /// its quotes and backslashes escaped. Every platform's form fill quotes through here.
    /// </summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || c is '"' or '“' or '”' or '„' or '\'' or '‘' or '’' or '\\' or '='))
            return value;
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '“' or '”' or '\\') quoted.Append('\\');
            quoted.Append(c);
        }
        return quoted.Append('"').ToString();
    }

    private static CommandLineResult TooLong(int length) =>
        CommandLineResult.Fail($"That command is {length} characters long; at most {MaxLength} are accepted. Put long notes in several shorter ones.");

    private static Token ReadWord(string text, ref int i, int start)
    {
        while (i < text.Length && !char.IsWhiteSpace(text[i])) i++;
        return new Token(text[start..i], TokenKind.Word, start);
    }

    private static char[] Closing(char open) => open switch
    {
        '"' or '“' or '”' or '„' => ['"', '”', '“'],
        _ => ['\'', '’'],
    };
}
