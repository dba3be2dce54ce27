using Crm.Domain.Replies;

namespace Crm.Domain.Reports.Exports;

/// <summary>One table of an export: a report's summary facts or one of its tables, exactly as the reply shows them.</summary>
public sealed record ExportTable(string Name, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>
    /// The tables of a reply already redacted for its audience: its fields as "Summary", then each table under
    /// its caption. An export never holds more than the reply it was made from.
    /// </summary>
    public static IReadOnlyList<ExportTable> From(Reply reply)
    {
        var tables = new List<ExportTable>();
        var fields = reply.Blocks.OfType<FieldsBlock>().SelectMany(f => f.Fields).ToList();
        if (fields.Count > 0)
            tables.Add(new ExportTable("Summary", ["Measure", "Value"], fields.Select(f => (IReadOnlyList<string>)[f.Label, f.Value]).ToList()));
        foreach (var (table, i) in reply.Blocks.OfType<TableBlock>().Select((t, i) => (t, i)))
        {
            var rows = table.Rows.ToList();
            // A capped list says so in the file too.
            if (table.MoreText is { } more) rows.Add([more, .. Enumerable.Repeat("", Math.Max(0, table.Columns.Count - 1))]);
            tables.Add(new ExportTable(table.Caption ?? $"Table {i + 1}", table.Columns, rows));
        }
        return tables;
    }
}
