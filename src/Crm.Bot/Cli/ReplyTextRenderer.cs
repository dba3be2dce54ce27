using System.Text;
using Crm.Domain.Replies;

namespace Crm.Bot.Cli;

/// <summary>A Reply as plain terminal text: tables aligned, buttons shown with the command they run.</summary>
public static class ReplyTextRenderer
{
    public static string Render(Reply reply)
    {
        var text = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h: text.AppendLine(h.Text).AppendLine(new string('=', Math.Min(h.Text.Length, 80))); break;
                case TextBlock t: text.AppendLine(t.Emphasis ? $"** {t.Text} **" : t.Text); break;
                case FieldsBlock f:
                    var width = f.Fields.Max(x => x.Label.Length);
                    foreach (var field in f.Fields) text.AppendLine($"  {field.Label.PadRight(width)}  {field.Value}");
                    break;
                case TableBlock table: Table(text, table); break;
                case ContextBlock c: text.AppendLine($"  ({c.Text})"); break;
                case ActionsBlock a:
                    foreach (var b in a.Buttons) text.AppendLine($"  [{b.Label}] → {b.Command}");
                    break;
                case DividerBlock: text.AppendLine(new string('-', 40)); break;
            }
        }
        if (reply.Blocks.Count == 0) text.AppendLine(reply.FallbackText);
        if (reply.Redaction is { } r)
            text.AppendLine($"[for {r.Audience}: shows {string.Join(", ", r.VisibleClasses)}; hidden {(r.HiddenClasses.Count == 0 ? "nothing" : string.Join(", ", r.HiddenClasses))} — {r.Why}]");
        return text.ToString();
    }

    private static void Table(StringBuilder text, TableBlock table)
    {
        if (table.Caption is not null) text.AppendLine(table.Caption + ":");
        var widths = table.Columns.Select((c, i) => Math.Min(40, Math.Max(c.Length, table.Rows.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max()))).ToList();
        text.AppendLine("  " + string.Join("  ", table.Columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in table.Rows)
            text.AppendLine("  " + string.Join("  ", row.Select((v, i) => Cell(v, i < widths.Count ? widths[i] : v.Length))).TrimEnd());
        if (table.Rows.Count == 0 && table.More == 0) text.AppendLine("  (none)");
        if (table.MoreText is { } more) text.AppendLine("  " + more);
    }

    private static string Cell(string value, int width) => (value.Length > width ? value[..(width - 1)] + "…" : value).PadRight(width);
}
