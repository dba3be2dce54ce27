using System.Security.Cryptography;
using Crm.Domain.Files;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Bot.Files;

/// <summary>
/// The signed id when no <c>Files:SigningKey</c> is configured: the file's id and the link's expiry protected by Data
/// Protection (authenticated encryption) under the key ring in the CRM database (<see cref="Storage.DatabaseKeyRing"/>),
/// so a link one host made opens on every host and after a restart, with nothing to configure. Anything the key ring
/// did not protect, or protected for another purpose, does not unprotect: it is invalid.
/// </summary>
public sealed class ProtectedFileLinkSigner(IDataProtectionProvider provider) : IFileLinkSigner
{
    /// <summary>A protected payload is about 100 bytes (key id, IV, ciphertext, tag); anything much longer is not ours.</summary>
    private const int MaxLength = 200;
    private readonly IDataProtector _protector = provider.CreateProtector("Crm.Bot.Files.Links.v1");

    public string Sign(Guid fileId, DateTimeOffset expiresAt)
    {
        var bytes = new byte[FileLinkSigner.PayloadBytes];
        FileLinkSigner.WritePayload(bytes, fileId, expiresAt);
        return Base64Url.Encode(_protector.Protect(bytes));
    }

    public FileLinkState Verify(string signed, DateTimeOffset now, out Guid fileId)
    {
        fileId = Guid.Empty;
        if (signed.Length is 0 or > MaxLength || !Base64Url.TryDecode(signed, out var bytes)) return FileLinkState.Invalid;
        byte[] plain;
        try { plain = _protector.Unprotect(bytes); }
        catch (CryptographicException) { return FileLinkState.Invalid; }
        return plain.Length == FileLinkSigner.PayloadBytes ? FileLinkSigner.ReadPayload(plain, now, out fileId) : FileLinkState.Invalid;
    }
}
