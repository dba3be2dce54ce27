namespace Crm.Domain.Files;

/// <summary>
/// The bytes of one file a reply carries (table <c>reply_files</c>), stored in the same save as the outbox
/// row whose reply names it, kept until <see cref="ExpiresAt"/>: a host serves it at a signed link
/// (<see cref="FileLinkSigner"/>) and a transport uploads it, until then.
/// </summary>
public sealed class StoredFile
{
    /// <summary>The reply's <see cref="Replies.ReplyFile.Id"/>: random, chosen when the file was made.</summary>
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string MediaType { get; set; } = "";
    public byte[] Content { get; set; } = [];
    public string? AltText { get; set; }
    /// <summary>Who the file was made for (a channel or a person), as the reply's redaction names them.</summary>
    public string Audience { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}
