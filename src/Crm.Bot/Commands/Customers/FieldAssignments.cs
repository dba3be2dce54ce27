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
/// A pair's value runs to the next <c>word=</c>, so a form value with spaces needs no quotes; quotes
/// around it are dropped. A placeholder the platform left unfilled (<c>{industry}</c>) means "not given".
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
        var markers = Marker().Matches(text);
        if (markers.Count == 0 || text[..markers[0].Index].Trim().Length > 0)
            return ([], $"After `set`, give field=value pairs, e.g. set stage=customer industry=Retail (not '{UntrustedText.Clip(text, 41)}').");
        var assignments = new List<FieldAssignment>();
        for (var i = 0; i < markers.Count; i++)
        {
            var field = markers[i].Groups[1].Value;
            var start = markers[i].Index + markers[i].Length;
            var end = i + 1 < markers.Count ? markers[i + 1].Index : text.Length;
            var value = Unquote(text[start..end].Trim());
            if (value == "{" + field + "}") continue;
            if (assignments.Any(a => a.Field.Equals(field, StringComparison.OrdinalIgnoreCase)))
                return ([], $"'{UntrustedText.Clip(field, 41)}' is named twice; give each field once.");
            assignments.Add(new FieldAssignment(field, value));
        }
        return (assignments, null);
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0], value[^1]) is ('"', '"') or ('“', '”') or ('\'', '\'') or ('‘', '’') ? value[1..^1].Trim() : value;

    [GeneratedRegex(@"(?<=^|\s)([A-Za-z]+)=")]
    private static partial Regex Marker();
}
