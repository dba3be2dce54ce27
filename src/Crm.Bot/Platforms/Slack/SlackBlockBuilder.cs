using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Maps one neutral block to Block Kit blocks that each respect Slack's per-block limits.</summary>
internal static class SlackBlockBuilder
{
    public const string RunActionPrefix = "crm:run:";
    public const string FormActionPrefix = "crm:form:";

    public static IEnumerable<JsonObject> Build(ReplyBlock block, ref int buttons) => block switch
    {
        HeadingBlock h => Heading(h.Text),
        TextBlock t => Sections(SlackText.Mrkdwn(t.Text), t.Emphasis),
        FieldsBlock f => Fields(f.Fields),
        TableBlock t => Table(t),
        ContextBlock c => SlackText.Chunks(SlackText.Mrkdwn(c.Text), SlackLimits.ContextText).Select(ContextRaw),
        ActionsBlock a => Actions(a.Buttons, ref buttons),
        DividerBlock => [new JsonObject { ["type"] = "divider" }],
        _ => [],
    };

    /// <summary>A chart: an image block at its signed link, or its alt text when the host has no public link to give.</summary>
    public static IEnumerable<JsonObject> Image(ImageBlock image, string? url)
    {
        if (url is null)
        {
            yield return ContextRaw(SlackText.Shorten(SlackText.Mrkdwn($"Chart: {image.AltText}"), SlackLimits.ContextText));
            yield break;
        }
        yield return new JsonObject
        {
            ["type"] = "image",
            ["image_url"] = url,
            ["alt_text"] = SlackText.Shorten(image.AltText, SlackLimits.ImageAltText),
            ["title"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Shorten(SlackText.Plain(image.Title), SlackLimits.ImageTitle) },
        };
    }

    /// <summary>
    /// An export: in Slack the transport uploads the file itself into the asker's DM, so the message only names it;
    /// the console (which has no upload) links to it.
    /// </summary>
    public static IEnumerable<JsonObject> File(FileBlock file, string? link)
    {
        var name = SlackText.Mrkdwn(file.Name);
        yield return ContextRaw(link is null ? $"File: {name} (attached below)" : $"File: <{link}|{name}>");
    }

    /// <summary>A context line of our own words (still escaped: callers may include data).</summary>
    public static JsonObject Context(string text) => ContextRaw(SlackText.Mrkdwn(text));

    private static JsonObject ContextRaw(string mrkdwn) => new()
    {
        ["type"] = "context",
        ["elements"] = new JsonArray(Mrkdwn(mrkdwn)),
    };

    public static JsonObject Mrkdwn(string escaped) => new() { ["type"] = "mrkdwn", ["text"] = escaped, ["verbatim"] = true };

    public static JsonObject Plain(string text) => new() { ["type"] = "plain_text", ["text"] = SlackText.Plain(text), ["emoji"] = true };

    private static IEnumerable<JsonObject> Heading(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) yield break;
        var plain = SlackText.Plain(text);
        yield return new JsonObject
        {
            ["type"] = "header",
            ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Shorten(plain, SlackLimits.HeaderText), ["emoji"] = true },
        };
        // A shortened title is repeated in full below, so nothing is lost.
        if (plain.Length > SlackLimits.HeaderText)
            foreach (var section in Sections(SlackText.Mrkdwn(text), emphasis: true)) yield return section;
    }

    private static IEnumerable<JsonObject> Sections(string escaped, bool emphasis)
    {
        if (escaped.Length == 0) yield break;
        var max = emphasis ? SlackLimits.SectionText - 2 : SlackLimits.SectionText;
        foreach (var chunk in SlackText.Chunks(escaped, max))
        {
            if (chunk.Trim().Length == 0) continue;
            yield return Section(emphasis ? $"*{chunk.Trim()}*" : chunk);
        }
    }

    private static JsonObject Section(string mrkdwn) => new() { ["type"] = "section", ["text"] = Mrkdwn(mrkdwn) };

    private static IEnumerable<JsonObject> Fields(IReadOnlyList<ReplyField> fields)
    {
        var overflow = new List<JsonObject>();
        foreach (var group in fields.Chunk(SlackLimits.FieldsPerSection))
        {
            var array = new JsonArray();
            foreach (var field in group)
            {
                var label = $"*{SlackText.Shorten(SlackText.Mrkdwn(field.Label), 200)}*\n";
                var value = SlackText.Mrkdwn(field.Value);
                if (value.Length == 0) value = "—";
                if (label.Length + value.Length > SlackLimits.FieldText)
                {
                    // The field shows the start; the whole value follows as its own sections.
                    array.Add(Mrkdwn(label + SlackText.Shorten(value, SlackLimits.FieldText - label.Length - 16) + " (in full below)"));
                    overflow.AddRange(Sections(SlackText.Mrkdwn(field.Label), emphasis: true));
                    overflow.AddRange(Sections(value, emphasis: false));
                }
                else
                {
                    array.Add(Mrkdwn(label + value));
                }
            }
            yield return new JsonObject { ["type"] = "section", ["fields"] = array };
        }
        foreach (var block in overflow) yield return block;
    }

    private static IEnumerable<JsonObject> Table(TableBlock table)
    {
        if (!string.IsNullOrWhiteSpace(table.Caption))
            foreach (var s in Sections(SlackText.Mrkdwn(table.Caption), emphasis: true)) yield return s;
        var header = table.Columns.Count == 0 ? "" : "_" + string.Join(" · ", table.Columns.Select(SlackText.Mrkdwn)) + "_";
        var lines = table.Rows.Select(r => "• " + string.Join(" · ", r.Select(c => string.IsNullOrEmpty(c) ? "—" : SlackText.Mrkdwn(c)))).ToList();
        if (lines.Count == 0 && table.More == 0) lines.Add("(none)");
        if (table.MoreText is { } more) lines.Add("_" + SlackText.Mrkdwn(more) + "_");
        var body = new List<string>();
        var length = header.Length;
        if (header.Length > 0) body.Add(SlackText.Shorten(header, SlackLimits.SectionText));
        foreach (var line in lines)
        {
            if (body.Count > 0 && length + line.Length + 1 > SlackLimits.SectionText)
            {
                yield return Section(string.Join('\n', body));
                body.Clear();
                length = 0;
            }
            if (line.Length > SlackLimits.SectionText)
            {
                foreach (var s in Sections(line, emphasis: false)) yield return s;
                continue;
            }
            body.Add(line);
            length += line.Length + 1;
        }
        if (body.Count > 0) yield return Section(string.Join('\n', body));
    }

    private static IEnumerable<JsonObject> Actions(IReadOnlyList<ReplyButton> buttons, ref int counter)
    {
        var blocks = new List<JsonObject>();
        var elements = new List<JsonObject>();
        var tooLong = new List<ReplyButton>();
        foreach (var button in buttons)
        {
            var (prefix, value) = button.Form is null
                ? (RunActionPrefix, button.Command)
                : (FormActionPrefix, JsonSerializer.Serialize(new SlackFormButton(button.Command, button.Form), SlackJson.Options));
            if (value.Length > SlackLimits.ButtonValue || value.Length == 0)
            {
                tooLong.Add(button);
                continue;
            }
            var element = new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = SlackText.Shorten(SlackText.Plain(button.Label), SlackLimits.ButtonText), ["emoji"] = true },
                ["action_id"] = prefix + counter++,
                ["value"] = value,
            };
            if (button.Style != ButtonStyle.Default) element["style"] = button.Style == ButtonStyle.Primary ? "primary" : "danger";
            elements.Add(element);
        }
        foreach (var chunk in elements.Chunk(SlackLimits.ElementsPerActions))
            blocks.Add(new JsonObject { ["type"] = "actions", ["elements"] = new JsonArray(chunk.Cast<JsonNode>().ToArray()) });
        foreach (var button in tooLong)
            blocks.Add(Context($"“{button.Label}” is too long for a button; type it as a command instead."));
        return blocks;
    }
}
