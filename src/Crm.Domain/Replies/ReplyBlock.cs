using System.Text.Json.Serialization;

namespace Crm.Domain.Replies;

/// <summary>One piece of a reply. Renderers map each kind to their platform's nearest element.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(HeadingBlock), "heading")]
[JsonDerivedType(typeof(TextBlock), "text")]
[JsonDerivedType(typeof(FieldsBlock), "fields")]
[JsonDerivedType(typeof(TableBlock), "table")]
[JsonDerivedType(typeof(ContextBlock), "context")]
[JsonDerivedType(typeof(ActionsBlock), "actions")]
[JsonDerivedType(typeof(DividerBlock), "divider")]
[JsonDerivedType(typeof(ImageBlock), "image")]
[JsonDerivedType(typeof(FileBlock), "file")]
public abstract record ReplyBlock;

/// <summary>A title line (a customer's name, a report's name).</summary>
public sealed record HeadingBlock(string Text) : ReplyBlock;

/// <summary>A paragraph of plain text. <paramref name="Emphasis"/> renders it bold.</summary>
public sealed record TextBlock(string Text, bool Emphasis = false) : ReplyBlock;

/// <summary>Label/value pairs (a customer's facts).</summary>
public sealed record FieldsBlock(IReadOnlyList<ReplyField> Fields) : ReplyBlock;

public sealed record ReplyField(string Label, string Value);

/// <summary>
/// Rows of records (deals, invoices, tickets). Renderers may split it to fit limits. <paramref name="More"/>
/// is how many further records exist beyond the rows shown (a capped list); every renderer ends the
/// table with <see cref="MoreText"/> then, so a list of 10 out of 27 never passes for the whole.
/// </summary>
public sealed record TableBlock(
    string? Caption,
    IReadOnlyList<string> Columns,
    IReadOnlyList<IReadOnlyList<string>> Rows,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int More = 0) : ReplyBlock
{
    /// <summary>"… and 17 more" when the list is capped; null when it shows everything.</summary>
    [JsonIgnore]
    public string? MoreText => More > 0 ? $"… and {More.ToString("#,0", System.Globalization.CultureInfo.InvariantCulture)} more" : null;
}

/// <summary>A small muted line (who/when, "3 fields hidden in this channel").</summary>
public sealed record ContextBlock(string Text) : ReplyBlock;

public sealed record ActionsBlock(IReadOnlyList<ReplyButton> Buttons) : ReplyBlock;

public sealed record DividerBlock : ReplyBlock;

/// <summary>A picture (a report's chart) shown in the message: the reply's file <paramref name="FileId"/>, with its alt text.</summary>
public sealed record ImageBlock(Guid FileId, string Title, string AltText) : ReplyBlock;

/// <summary>A file the reader downloads (an export): the reply's file <paramref name="FileId"/>.</summary>
public sealed record FileBlock(Guid FileId, string Name) : ReplyBlock;

public enum ButtonStyle
{
    Default,
    Primary,
    Danger,
}

/// <summary>
/// A button runs a command line through the same pipeline as typed text. When <see cref="Form"/> is
/// set, the platform first asks for the form's inputs (a Slack modal, a Teams ShowCard) and then runs
/// <see cref="Command"/> with each <c>{input}</c> placeholder replaced by the value given.
/// </summary>
public sealed record ReplyButton(string Label, string Command, ButtonStyle Style = ButtonStyle.Default, ReplyForm? Form = null);

public sealed record ReplyForm(string Title, string SubmitLabel, IReadOnlyList<FormInput> Inputs);

/// <param name="Initial">The value the input starts with (an Edit form shows the record's current values); null for empty.</param>
public sealed record FormInput(string Id, string Label, bool Required = true, bool Multiline = false, int MaxLength = 3000,
    IReadOnlyList<string>? Choices = null, string? Placeholder = null, string? Initial = null);
