using System.Text;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Cli;

/// <summary>
/// A Reply as plain terminal text: tables aligned, buttons shown with the command they run. Every piece
/// of data is shown through <see cref="UntrustedText.Reveal"/> (the rule Slack and Teams follow too), so
/// stored text cannot reorder the terminal's line or hide characters in it.
/// </summary>
public static class ReplyTextRenderer
{
    public static string Render(Reply reply) => Render(reply, UntrustedText.Reveal);

    private static string Render(Reply reply, Func<string?, string> shown)
    {
        var text = new StringBuilder();
        foreach (var block in reply.Blocks)
        {
            switch (block)
            {
                case HeadingBlock h: text.AppendLine(shown(h.Text)).AppendLine(new string('=', Math.Min(h.Text.Length, 80))); break;
                case TextBlock t: text.AppendLine(t.Emphasis ? $"** {shown(t.Text)} **" : shown(t.Text)); break;
                case FieldsBlock f:
                    var width = f.Fields.Max(x => shown(x.Label).Length);
                    foreach (var field in f.Fields) text.AppendLine($"  {shown(field.Label).PadRight(width)}  {shown(field.Value)}");
                    break;
                case TableBlock table: Table(text, table, shown); break;
                case ContextBlock c: text.AppendLine($"  ({shown(c.Text)})"); break;
                case ActionsBlock a:
                    foreach (var b in a.Buttons) text.AppendLine($"  [{shown(b.Label)}] → {shown(b.Command)}");
                    break;
                case DividerBlock: text.AppendLine(new string('-', 40)); break;
                case ImageBlock i: text.AppendLine($"  [chart: {shown(i.AltText)}]"); break;
                case FileBlock f: text.AppendLine($"  [file: {shown(f.Name)}]"); break;
            }
        }
        if (reply.Blocks.Count == 0) text.AppendLine(shown(reply.FallbackText));
        if (reply.Redaction is { } r)
            text.AppendLine($"[for {shown(r.Audience)}: shows {string.Join(", ", r.VisibleClasses)}; hidden {(r.HiddenClasses.Count == 0 ? "nothing" : string.Join(", ", r.HiddenClasses))} — {r.Why}]");
        return text.ToString();
    }

    private static void Table(StringBuilder text, TableBlock table, Func<string?, string> shown)
    {
        if (table.Caption is not null) text.AppendLine(shown(table.Caption) + ":");
        var columns = table.Columns.Select(c => shown(c)).ToList();
        var rows = table.Rows.Select(r => r.Select(v => shown(v)).ToList()).ToList();
        var widths = columns.Select((c, i) => Math.Min(40, Math.Max(c.Length, rows.Select(r => i < r.Count ? r[i].Length : 0).DefaultIfEmpty(0).Max()))).ToList();
        text.AppendLine("  " + string.Join("  ", columns.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
            text.AppendLine("  " + string.Join("  ", row.Select((v, i) => Cell(v, i < widths.Count ? widths[i] : v.Length))).TrimEnd());
        if (table.Rows.Count == 0 && table.More == 0) text.AppendLine("  (none)");
        if (table.MoreText is { } more) text.AppendLine("  " + shown(more));
    }

    private static string Cell(string value, int width) => (value.Length > width ? value[..(width - 1)] + "…" : value).PadRight(width);
}
