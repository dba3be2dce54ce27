using System.Text.Json;
using System.Text.Json.Serialization;

namespace Crm.Domain.Replies;

/// <summary>Who a reply is shown to. It decides whose permissions the content was redacted for.</summary>
public enum ReplyVisibility
{
    /// <summary>Only the asker sees it (Slack ephemeral, Teams 1:1, CLI): the asker's own permissions.</summary>
    Private,
    /// <summary>Posted into a channel: redacted to the channel's clearance.</summary>
    Channel,
}

public enum ReplyTone
{
    Normal,
    Success,
    Warning,
    Error,
    Denied,
}

/// <summary>
/// The neutral answer document. Every string in it is plain data: renderers escape it for their
/// platform (mrkdwn, card markdown, HTML). Nothing in a Reply is ever markup.
/// </summary>
public sealed record Reply
{
    public ReplyVisibility Visibility { get; init; } = ReplyVisibility.Private;
    public ReplyTone Tone { get; init; } = ReplyTone.Normal;
    /// <summary>Plain-text summary for notifications, screen readers and text-only clients.</summary>
    public required string FallbackText { get; init; }
    public IReadOnlyList<ReplyBlock> Blocks { get; init; } = [];
    /// <summary>What was hidden from this audience and why (for the console's side panel and tests).</summary>
    public Redaction? Redaction { get; init; }
    /// <summary>
    /// A read-only command line that re-creates this reply for one viewer with their own permissions.
    /// Set on replies posted into a channel (at the channel's clearance); platforms with per-viewer
    /// views (Teams card refresh) let each viewer see what they may read.
    /// </summary>
    public string? ViewerRefreshCommand { get; init; }
    /// <summary>
    /// For a reply stored to be posted into a channel: the field classes the channel could read when
    /// the reply was rendered, an upper bound of what it shows. Checked against the channel's clearance
    /// again when the message leaves (<see cref="Outbox.OutboxClearanceGate"/>).
    /// </summary>
    public Access.FieldClass? RenderedClearance { get; init; }

    /// <summary>
    /// Files the reply carries (charts its <see cref="ImageBlock"/>s show, exports its <see cref="FileBlock"/>s offer);
    /// null when none. The JSON names them; the bytes are stored in <c>reply_files</c>.
    /// </summary>
    public IReadOnlyList<ReplyFile>? Files { get; init; }

    /// <summary>The file <paramref name="id"/> names, when the reply carries it.</summary>
    public ReplyFile? File(Guid id) => Files?.FirstOrDefault(f => f.Id == id);

    /// <summary>True when the reply carries an export (it goes to the asker's direct messages, never inline).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool HasExports => Files?.Any(f => f.Kind == ReplyFileKind.Export) == true;

    public static Reply Text(string text, ReplyTone tone = ReplyTone.Normal) =>
        new() { FallbackText = text, Tone = tone, Blocks = [new TextBlock(text)] };

    public static Reply Error(string text) => Text(text, ReplyTone.Error);

    public string ToJson() => JsonSerializer.Serialize(this, ReplyJson.Options);

    public static Reply FromJson(string json) =>
        JsonSerializer.Deserialize<Reply>(json, ReplyJson.Options) ?? throw new JsonException("Empty reply JSON.");
}

/// <summary>Which field classes the audience could not read, for whom the reply was rendered, and why.</summary>
public sealed record Redaction(
    string Audience,
    IReadOnlyList<string> VisibleClasses,
    IReadOnlyList<string> HiddenClasses,
    string Why)
{
    /// <summary>Each hidden class with what hid it: the channel's clearance, a person's role, or both.</summary>
    public IReadOnlyList<HiddenClass>? HiddenBy { get; init; }

    /// <summary>Whose role limited what was shown: the asker of a private answer, or whoever posted into the channel.</summary>
    public string? Person { get; init; }

    /// <summary>That person's role.</summary>
    public string? PersonRole { get; init; }

    /// <summary>
    /// "Not shown to #sales: financial (the channel's clearance); contact (fiona@example.com's own role, finance-analyst); support (both)."
    /// Each class is put down to what actually hid it, so a channel is never blamed for what the
    /// poster's own role hides.
    /// </summary>
    public string? Footer()
    {
        if (HiddenClasses.Count == 0) return null;
        if (HiddenBy is not { Count: > 0 } causes)
            return $"Not shown to {Audience}: {string.Join(", ", HiddenClasses)}.";
        var person = Person is { } p ? $"{p}'s own role{(PersonRole is { } r ? ", " + r : "")}" : "the role";
        var parts = new[]
        {
            (Cause: HiddenCause.Channel, Text: "the channel's clearance"),
            (Cause: HiddenCause.Role, Text: person),
            (Cause: HiddenCause.Both, Text: "both"),
        }
            .Select(g => (g.Text, Classes: causes.Where(c => c.By == g.Cause).Select(c => c.Class).ToList()))
            .Where(g => g.Classes.Count > 0)
            .Select(g => $"{string.Join(", ", g.Classes)} ({g.Text})");
        return $"Not shown to {Audience}: {string.Join("; ", parts)}.";
    }
}

/// <summary>What hid a field class: the channel's clearance, the role of the person it was rendered for or posted by, or both.</summary>
public enum HiddenCause
{
    Channel,
    Role,
    Both,
}

/// <summary>One hidden field class and its cause.</summary>
public sealed record HiddenClass(string Class, HiddenCause By);

public static class ReplyJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
