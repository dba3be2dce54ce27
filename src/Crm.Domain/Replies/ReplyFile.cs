using System.Text.Json.Serialization;

namespace Crm.Domain.Replies;

/// <summary>What a file on a reply is for: a chart shown in the message, or an export the asker downloads.</summary>
public enum ReplyFileKind
{
    Chart,
    Export,
}

/// <summary>
/// A file a reply carries (a chart, an export). The reply's JSON (stored in the outbox row) names it by
/// <see cref="Id"/>; its bytes are stored beside the row in <c>reply_files</c>
/// (<see cref="Files.StoredFile"/>), in the same save, so a row sent later or by another host still finds them.
/// Its audience is the reply's: it holds only what the reply may show.
/// </summary>
public sealed record ReplyFile(Guid Id, string Name, string MediaType, long Size, ReplyFileKind Kind, string? AltText = null)
{
    /// <summary>Who the file was made for (a channel or a person), at whose clearance it was drawn.</summary>
    public string? Audience { get; init; }

    /// <summary>The bytes while the reply is in memory; never written into the reply's JSON.</summary>
    [JsonIgnore]
    public byte[]? Content { get; init; }

    public static ReplyFile Create(string name, string mediaType, byte[] content, ReplyFileKind kind, string? altText = null) =>
        new(Guid.NewGuid(), name, mediaType, content.LongLength, kind, altText) { Content = content };
}
