using System.Text.RegularExpressions;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;

namespace Crm.Bot.Commands.Customers;

/// <summary>One field named in a change command, with the value as typed (empty: clear it).</summary>
internal sealed record FieldAssignment(string Field, string Value);

/// <summary>
/// Reads what a change command names after its record: either one field and its value
/// (<c>stage customer</c>, <c>name "Acme Corp"</c>) or, after <c>set</c>, several <c>field=value</c> pairs
/// (<c>set stage=customer owner=max@example.com name=Acme Corp</c>), which is what the Edit form sends.
/// A pair's value runs to the next <c>word=</c> (so a form value with spaces needs no quotes), or, when it
/// starts with a double quote, to its closing quote, read as the command line reads quotes (a <c>word=</c> or an
/// escaped <c>\"</c> inside stays part of the value, exactly as the form fill quoted it).
/// A placeholder the platform left unfilled (<c>{industry}</c>) means "not given".
/// </summary>
internal static partial class FieldAssignments
{
    /// <summary>The assignments from token <paramref name="from"/> on, or the problem with them.</summary>
    public static (IReadOnlyList<FieldAssignment> Assignments, string? Problem) Read(CommandArgs args, int from)
    {
        if (!args.IsWord(from, "set"))
            return ([new FieldAssignment(args.Word(from)!, args.Rest(from + 1))], null);
        if (args.At(from + 1) is not { } first)
            return ([], "After `set`, give field=value pairs, e.g. set stage=customer industry=Retail.");
        var text = args.Text[first.Start..];
        var assignments = new List<FieldAssignment>();
        var at = 0;
        while (at < text.Length)
        {
            var marker = Marker().Match(text, at);
            if (!marker.Success || marker.Index != at)
                return ([], $"After `set`, give field=value pairs, e.g. set stage=customer industry=Retail (not '{UntrustedText.Clip(text[at..], 41)}').");
            var field = marker.Groups[1].Value;
            var start = marker.Index + marker.Length;
            string value;
            // A quoted value runs to its closing quote, whatever it holds (every form fill quotes through CommandLine.Quote);
            // an unquoted one to the next " word=".
            if (start < text.Length && text[start] is '"' or '“' && CommandLine.ReadQuoted(text, start) is { } quoted)
            {
                value = quoted.Value;
                at = quoted.End + 1;
            }
            else
            {
                var next = Marker().Match(text, start);
                while (next.Success && next.Index > 0 && !char.IsWhiteSpace(text[next.Index - 1])) next = next.NextMatch();
                var end = next.Success ? next.Index : text.Length;
                value = text[start..end].Trim();
                at = end;
            }
            while (at < text.Length && char.IsWhiteSpace(text[at])) at++;
            if (value == "{" + field + "}") continue;
            if (assignments.Any(a => a.Field.Equals(field, StringComparison.OrdinalIgnoreCase)))
                return ([], $"'{UntrustedText.Clip(field, 41)}' is named twice; give each field once.");
            assignments.Add(new FieldAssignment(field, value));
        }
        return (assignments, null);
    }

    [GeneratedRegex(@"([A-Za-z]+)=")]
    private static partial Regex Marker();
}
