using System.Buffers.Binary;
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
    private const int IdBytes = 16, TimeBytes = 8;
    /// <summary>A protected payload is about 100 bytes (key id, IV, ciphertext, tag); anything much longer is not ours.</summary>
    private const int MaxLength = 200;
    private readonly IDataProtector _protector = provider.CreateProtector("Crm.Bot.Files.Links.v1");

    public string Sign(Guid fileId, DateTimeOffset expiresAt)
    {
        var bytes = new byte[IdBytes + TimeBytes];
        fileId.TryWriteBytes(bytes.AsSpan(0, IdBytes));
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(IdBytes), expiresAt.ToUnixTimeSeconds());
        return Base64Url.Encode(_protector.Protect(bytes));
    }

    public FileLinkState Verify(string signed, DateTimeOffset now, out Guid fileId)
    {
        fileId = Guid.Empty;
        if (signed.Length is 0 or > MaxLength || !Base64Url.TryDecode(signed, out var bytes)) return FileLinkState.Invalid;
        byte[] plain;
        try { plain = _protector.Unprotect(bytes); }
        catch (CryptographicException) { return FileLinkState.Invalid; }
        if (plain.Length != IdBytes + TimeBytes) return FileLinkState.Invalid;
        if (now.ToUnixTimeSeconds() >= BinaryPrimitives.ReadInt64BigEndian(plain.AsSpan(IdBytes))) return FileLinkState.Expired;
        fileId = new Guid(plain.AsSpan(0, IdBytes));
        return FileLinkState.Valid;
    }
}
