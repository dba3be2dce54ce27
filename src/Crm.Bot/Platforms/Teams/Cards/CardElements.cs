using System.Text.Json;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>The card elements for each kind of reply block; data only ever lands in TextRuns.</summary>
internal static class CardElements
{
    /// <summary>Writes the elements <paramref name="block"/> becomes into <paramref name="elements"/>.</summary>
    public static void Write(CardElementList elements, ReplyBlock block, string? color, int maxElementBytes)
    {
        switch (block)
        {
            case HeadingBlock h:
                Text(elements, h.Text, size: "large", bold: true);
                break;
            case TextBlock t:
                foreach (var part in SplitText(t.Text, maxElementBytes / 4))
                    Text(elements, part, bold: t.Emphasis, color: color);
                break;
            case FieldsBlock f:
                foreach (var field in f.Fields)
                    Field(elements, field);
                break;
            case TableBlock t:
                Table(elements, t, maxElementBytes);
                break;
            case ContextBlock c:
                Text(elements, c.Text, size: "small", subtle: true);
                break;
            case ActionsBlock { Buttons.Count: > 0 } a:
                var w = elements.Start("ActionSet");
                w.WriteStartArray("actions");
                foreach (var button in a.Buttons)
                    AdaptiveCardActions.Button(w, button);
                w.WriteEndArray();
                elements.End();
                break;
        }
    }

    /// <summary>A chart: an Image at its signed link (the host serves it), or its alt text when the host has no public link to give.</summary>
    public static void Image(CardElementList elements, ImageBlock image, string? url)
    {
        if (url is null)
        {
            Text(elements, $"Chart: {image.AltText}", size: "small", subtle: true);
            return;
        }
        var w = elements.Start("Image");
        w.WriteString("url", url);
        w.WriteString("altText", CardText.Neutralise(image.AltText));
        w.WriteString("size", "stretch");
        elements.End();
    }

    /// <summary>An export: a download button to its signed, expiring link.</summary>
    public static void Download(CardElementList elements, FileBlock file, string? url)
    {
        if (url is null)
        {
            Text(elements, $"{file.Name}: this host has no public address to download it from (Host:PublicBaseUrl).", subtle: true);
            return;
        }
        var w = elements.Start("ActionSet");
        w.WriteStartArray("actions");
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "Action.OpenUrl");
        w.WriteString(CardJson.Title, CardText.Neutralise($"Download {file.Name}"));
        w.WriteString("url", url);
        w.WriteEndObject();
        w.WriteEndArray();
        elements.End();
    }

    /// <summary>A top-level RichTextBlock.</summary>
    public static void Text(CardElementList elements, string text, string? size = null, bool bold = false, bool subtle = false, string? color = null)
    {
        Inlines(elements.Start("RichTextBlock"), text, size, bold, subtle, color);
        elements.End();
    }

    /// <summary>A RichTextBlock inside another element.</summary>
    private static void Text(Utf8JsonWriter w, string text, bool bold = false)
    {
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "RichTextBlock");
        Inlines(w, text, null, bold, false, null);
        w.WriteEndObject();
    }

    private static void Inlines(Utf8JsonWriter w, string text, string? size, bool bold, bool subtle, string? color)
    {
        w.WriteStartArray(CardJson.Inlines);
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "TextRun");
        w.WriteString(CardJson.Text, CardText.Neutralise(text));
        if (size is not null) w.WriteString("size", size);
        if (bold) w.WriteString("weight", "bolder");
        if (subtle) w.WriteBoolean("isSubtle", true);
        if (color is not null) w.WriteString("color", color);
        w.WriteEndObject();
        w.WriteEndArray();
    }

    /// <summary>A label/value line as two columns (FactSet would parse the value as markdown).</summary>
    private static void Field(CardElementList elements, ReplyField field)
    {
        var w = elements.Start("ColumnSet");
        w.WriteString("spacing", "none");
        w.WriteStartArray("columns");
        Column(w, 1, field.Label, bold: true);
        Column(w, 2, field.Value, bold: false);
        w.WriteEndArray();
        elements.End();
    }

    private static void Column(Utf8JsonWriter w, int width, string text, bool bold)
    {
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "Column");
        w.WriteNumber(CardJson.Width, width);
        w.WriteStartArray(CardJson.Items);
        Text(w, text, bold);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>One Table per chunk of rows, each chunk under the element budget, header repeated.</summary>
    private static void Table(CardElementList elements, TableBlock table, int maxElementBytes)
    {
        var columns = Math.Max(1, table.Columns.Count);
        // The rows are written once into a scratch buffer; each chunk copies the ones it holds.
        using var rows = new PooledUtf8Buffer();
        var bounds = new List<(int Start, int Length)>(table.Rows.Count + 1);
        using (var scratch = new Utf8JsonWriter(rows))
        {
            Row(scratch, rows, bounds, table.Columns, bold: true);
            foreach (var values in table.Rows)
                Row(scratch, rows, bounds, values.Take(columns).ToList(), bold: false);
        }

        var header = bounds[0];
        var chunk = new List<(int Start, int Length)> { header };
        var size = header.Length;
        var first = true;
        foreach (var row in bounds.Skip(1))
        {
            if (size + row.Length > maxElementBytes && chunk.Count > 1)
            {
                TableElement(elements, table.Caption, columns, rows.WrittenSpan, chunk, first);
                first = false;
                chunk = [header];
                size = header.Length;
            }
            chunk.Add(row);
            size += row.Length;
        }
        TableElement(elements, table.Caption, columns, rows.WrittenSpan, chunk, first);
        if (table.MoreText is { } more)
            Text(elements, more, size: "small", subtle: true);
    }

    private static void Row(Utf8JsonWriter w, PooledUtf8Buffer buffer, List<(int Start, int Length)> bounds, IReadOnlyList<string> values, bool bold)
    {
        w.Reset(buffer);
        var start = buffer.WrittenCount;
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "TableRow");
        w.WriteStartArray("cells");
        foreach (var value in values)
        {
            w.WriteStartObject();
            w.WriteString(CardJson.Type, "TableCell");
            w.WriteStartArray(CardJson.Items);
            Text(w, value, bold);
            w.WriteEndArray();
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        w.Flush();
        bounds.Add((start, buffer.WrittenCount - start));
    }

    private static void TableElement(CardElementList elements, string? caption, int columns, ReadOnlySpan<byte> rows, List<(int Start, int Length)> chunk, bool first)
    {
        Utf8JsonWriter w;
        if (caption is null)
        {
            w = elements.Start("Table");
        }
        else
        {
            w = elements.Start("Container");
            w.WriteStartArray(CardJson.Items);
            Text(w, first ? caption : caption + " (continued)", bold: true);
            w.WriteStartObject();
            w.WriteString(CardJson.Type, "Table");
        }
        w.WriteBoolean("firstRowAsHeader", true);
        w.WriteStartArray("columns");
        for (var i = 0; i < columns; i++)
        {
            w.WriteStartObject();
            w.WriteNumber(CardJson.Width, 1);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartArray("rows");
        foreach (var (start, length) in chunk)
            w.WriteRawValue(rows.Slice(start, length), skipInputValidation: true);
        w.WriteEndArray();
        if (caption is not null)
        {
            w.WriteEndObject();
            w.WriteEndArray();
        }
        elements.End();
    }

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
}
