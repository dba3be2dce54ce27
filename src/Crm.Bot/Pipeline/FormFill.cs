using System.Text.RegularExpressions;

namespace Crm.Bot.Pipeline;

/// <summary>
/// Puts a form's answers into its command template, the one way Slack modals, Teams cards and the console
/// do it: each answer goes in through <see cref="CommandLine.Quote"/>, so the command reads back exactly
/// what was typed (quotes, backslashes, line breaks, a <c>word=</c> inside a value).
/// </summary>
public static partial class FormFill
{
    /// <summary>
    /// The template with each <c>{id}</c> that <paramref name="answer"/> knows replaced by that answer, quoted
    /// (an empty answer leaves nothing). One pass: an answer that itself holds <c>{other}</c> is not filled again.
    /// A placeholder without an answer stays as it is (commands read it as "not given").
    /// </summary>
    public static string Fill(string template, Func<string, string?> answer) =>
        Placeholder().Replace(template, m => answer(m.Groups[1].Value) is { } value
            ? value.Length == 0 ? "" : CommandLine.Quote(value)
            : m.Value).Trim();

    [GeneratedRegex(@"\{([^{}\s]+)\}")]
    private static partial Regex Placeholder();
}
