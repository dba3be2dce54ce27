using Crm.Domain.Files;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Files;

/// <summary>
/// Links to reply files: <c>{Host:PublicBaseUrl}/files/{signed id}</c>, signed when a message is rendered and
/// valid for <see cref="ReplyFiles.Lifetime"/> (the file itself may expire sooner; the endpoint checks both).
/// </summary>
public sealed class FileLinks
{
    private readonly string? _base;
    private readonly TimeProvider _time;

    public FileLinks(IOptions<FileLinkOptions> options, TimeProvider time, IDataProtectionProvider protection)
    {
        _time = time;
        _base = options.Value.PublicBaseUrl is { Length: > 0 } url ? url.TrimEnd('/') : null;
        // A configured key signs short links; without one, the database's key ring protects them, which every host shares.
        Signer = options.Value.SigningKey is { Length: > 0 } key
            ? new FileLinkSigner(Convert.FromBase64String(key))
            : new ProtectedFileLinkSigner(protection);
    }

    public IFileLinkSigner Signer { get; }

    /// <summary>True when links can be absolute (Slack and Teams fetch them).</summary>
    public bool HasPublicBase => _base is not null;

    /// <summary>The link's path, "/files/{signed id}" (the console uses it as it is).</summary>
    public string Path(Guid fileId) => "/files/" + Signer.Sign(fileId, _time.GetUtcNow() + ReplyFiles.Lifetime);

    /// <summary>The absolute link, or null without <c>Host:PublicBaseUrl</c>.</summary>
    public string? Url(Guid fileId) => _base is null ? null : _base + Path(fileId);

    /// <summary>What a renderer links to: the path for the console (<paramref name="relative"/>), else the absolute link or null.</summary>
    public string? For(Guid fileId, bool relative) => relative ? Path(fileId) : Url(fileId);
}
