using Crm.Bot.Pipeline;
using Crm.Domain.Common;

namespace Crm.Bot.Commands.Customers;

/// <summary>Reads "keyword value" pairs (domain globex.example region EMEA) after a command's positional arguments.</summary>
public static class Keywords
{
    /// <summary>
    /// Splits tokens from <paramref name="from"/> into values by keyword. A keyword's value runs until the
    /// next keyword; an unknown word where a keyword is expected is an error naming the allowed ones.
    /// </summary>
    public static Dictionary<string, string> Read(CommandArgs args, int from, IReadOnlyCollection<string> keywords, string usage)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = from;
        while (i < args.Count)
        {
            var token = args.At(i)!;
            if (token.IsWord("--anyway")) { i++; continue; }
            var key = token.Kind == TokenKind.Word ? keywords.FirstOrDefault(k => token.IsWord(k)) : null;
            if (key is null)
                throw new DomainException($"I did not expect '{Clip(token.Text)}' there; after the name come {string.Join(", ", keywords.Select(k => k + " …"))}. Usage: `{usage}`.");
            var end = i + 1;
            while (end < args.Count && !(args.At(end)!.Kind == TokenKind.Word && (keywords.Any(k => args.At(end)!.IsWord(k)) || args.At(end)!.IsWord("--anyway"))))
                end++;
            var value = args.Rest(i + 1, end);
            if (value.Length == 0)
                throw new DomainException($"'{key}' needs a value. Usage: `{usage}`.");
            if (!values.TryAdd(key, value))
                throw new DomainException($"'{key}' is given twice.");
            i = end;
        }
        return values;
    }

    private static string Clip(string s) => UntrustedText.Clip(s, 41);
}
