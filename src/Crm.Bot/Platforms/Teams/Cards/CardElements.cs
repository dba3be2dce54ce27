using System.Text;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>The card elements for each kind of reply block; data only ever lands in TextRuns.</summary>
internal static class CardElements
{
    public static IEnumerable<JsonObject> For(ReplyBlock block, string? color, int maxElementBytes) => block switch
    {
        HeadingBlock h => [Text(h.Text, size: "large", bold: true)],
        TextBlock t => SplitText(t.Text, maxElementBytes / 4).Select(part => Text(part, bold: t.Emphasis, color: color)),
        FieldsBlock f => f.Fields.Select(Field),
        TableBlock t => Table(t, maxElementBytes),
        ContextBlock c => [Text(c.Text, size: "small", subtle: true)],
        ActionsBlock a when a.Buttons.Count > 0 => [new JsonObject
        {
            ["type"] = "ActionSet",
            ["actions"] = new JsonArray(a.Buttons.Select(b => (JsonNode)AdaptiveCardActions.Button(b)).ToArray()),
        }],
        _ => [],
    };

    public static JsonObject Text(string text, string? size = null, bool bold = false, bool subtle = false, string? color = null) => new()
    {
        ["type"] = "RichTextBlock",
        ["inlines"] = new JsonArray(Run(text, size, bold, subtle, color)),
    };

    private static JsonObject Run(string text, string? size = null, bool bold = false, bool subtle = false, string? color = null)
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = CardText.Neutralise(text) };
        if (size is not null) run["size"] = size;
        if (bold) run["weight"] = "bolder";
        if (subtle) run["isSubtle"] = true;
        if (color is not null) run["color"] = color;
        return run;
    }

    /// <summary>A label/value line as two columns (FactSet would parse the value as markdown).</summary>
    private static JsonObject Field(ReplyField field) => new()
    {
        ["type"] = "ColumnSet",
        ["spacing"] = "none",
        ["columns"] = new JsonArray(
            new JsonObject { ["type"] = "Column", ["width"] = 1, ["items"] = new JsonArray(Text(field.Label, bold: true)) },
            new JsonObject { ["type"] = "Column", ["width"] = 2, ["items"] = new JsonArray(Text(field.Value)) }),
    };

    /// <summary>One Table per chunk of rows, each chunk under the element budget, header repeated.</summary>
    private static IEnumerable<JsonObject> Table(TableBlock table, int maxElementBytes)
    {
        var columns = Math.Max(1, table.Columns.Count);
        var header = Row(table.Columns, bold: true);
        var headerBytes = Bytes(header);
        var rows = new JsonArray(header.DeepClone());
        var size = headerBytes;
        var first = true;
        foreach (var values in table.Rows)
        {
            var row = Row(values.Take(columns).ToList(), bold: false);
            var rowBytes = Bytes(row);
            if (size + rowBytes > maxElementBytes && rows.Count > 1)
            {
                yield return TableElement(table.Caption, columns, rows, first);
                first = false;
                rows = new JsonArray(header.DeepClone());
                size = headerBytes;
            }
            rows.Add(row);
            size += rowBytes;
        }
        yield return TableElement(table.Caption, columns, rows, first);
    }

    private static JsonObject TableElement(string? caption, int columns, JsonArray rows, bool first)
    {
        var table = new JsonObject
        {
            ["type"] = "Table",
            ["firstRowAsHeader"] = true,
            ["columns"] = new JsonArray(Enumerable.Range(0, columns).Select(_ => (JsonNode)new JsonObject { ["width"] = 1 }).ToArray()),
            ["rows"] = rows,
        };
        if (caption is null) return table;
        return new JsonObject
        {
            ["type"] = "Container",
            ["items"] = new JsonArray(Text(first ? caption : caption + " (continued)", bold: true), table),
        };
    }

    private static JsonObject Row(IReadOnlyList<string> values, bool bold) => new()
    {
        ["type"] = "TableRow",
        ["cells"] = new JsonArray(values.Select(v => (JsonNode)new JsonObject
        {
            ["type"] = "TableCell",
            ["items"] = new JsonArray(Text(v, bold: bold)),
        }).ToArray()),
    };

    private static IEnumerable<string> SplitText(string text, int maxChars)
    {
        if (text.Length <= maxChars)
        {
            yield return text;
            yield break;
        }
        for (var start = 0; start < text.Length; start += maxChars)
            yield return text.Substring(start, Math.Min(maxChars, text.Length - start));
    }

    private static int Bytes(JsonNode node) => Encoding.UTF8.GetByteCount(node.ToJsonString());
}
