using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Crm.Domain.Files;

/// <summary>What a signed file id turned out to be.</summary>
public enum FileLinkState
{
    /// <summary>Not something this host signed (malformed or tampered): 404, nothing else.</summary>
    Invalid,
    /// <summary>Signed here, but its time is up: 410.</summary>
    Expired,
    Valid,
}

/// <summary>Makes and checks the unguessable, expiring id in a file's link (<c>/files/{signed id}</c>).</summary>
public interface IFileLinkSigner
{
    string Sign(Guid fileId, DateTimeOffset expiresAt);

    FileLinkState Verify(string signed, DateTimeOffset now, out Guid fileId);
}

/// <summary>
/// The signed id under a key given in configuration (<c>Files:SigningKey</c>): the file's random id and the
/// link's expiry, with an HMAC-SHA256 over both under a key only the hosts know, in URL-safe base64. Only
/// what was signed verifies; changing any bit of the id, the expiry or the tag makes it invalid.
/// </summary>
public sealed class FileLinkSigner : IFileLinkSigner
{
    private const int IdBytes = 16, TimeBytes = 8, TagBytes = 32, Length = IdBytes + TimeBytes + TagBytes;
    private readonly byte[] _key;

    public FileLinkSigner(byte[] key)
    {
        if (key.Length < 32) throw new ArgumentException("A file link key needs at least 32 bytes.", nameof(key));
        _key = key.ToArray();
    }

    /// <summary>What every kind of link carries: the file's id and the link's expiry (Unix seconds, big-endian).</summary>
    public const int PayloadBytes = IdBytes + TimeBytes;

    public static void WritePayload(Span<byte> into, Guid fileId, DateTimeOffset expiresAt)
    {
        fileId.TryWriteBytes(into[..IdBytes]);
        BinaryPrimitives.WriteInt64BigEndian(into.Slice(IdBytes, TimeBytes), expiresAt.ToUnixTimeSeconds());
    }

    /// <summary>The state of a genuine payload at <paramref name="now"/>: expired, or valid with its file's id.</summary>
    public static FileLinkState ReadPayload(ReadOnlySpan<byte> payload, DateTimeOffset now, out Guid fileId)
    {
        fileId = Guid.Empty;
        if (now.ToUnixTimeSeconds() >= BinaryPrimitives.ReadInt64BigEndian(payload.Slice(IdBytes, TimeBytes))) return FileLinkState.Expired;
        fileId = new Guid(payload[..IdBytes]);
        return FileLinkState.Valid;
    }

    public string Sign(Guid fileId, DateTimeOffset expiresAt)
    {
        var bytes = new byte[Length];
        WritePayload(bytes, fileId, expiresAt);
        HMACSHA256.HashData(_key, bytes.AsSpan(0, PayloadBytes), bytes.AsSpan(PayloadBytes));
        return Base64Url.Encode(bytes);
    }

    public FileLinkState Verify(string signed, DateTimeOffset now, out Guid fileId)
    {
        fileId = Guid.Empty;
        if (signed.Length is 0 or > 100 || !Base64Url.TryDecode(signed, out var bytes) || bytes.Length != Length) return FileLinkState.Invalid;
        Span<byte> tag = stackalloc byte[TagBytes];
        HMACSHA256.HashData(_key, bytes.AsSpan(0, IdBytes + TimeBytes), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, bytes.AsSpan(IdBytes + TimeBytes))) return FileLinkState.Invalid;
        // Only a genuine link learns that it has expired.
        return ReadPayload(bytes.AsSpan(0, PayloadBytes), now, out fileId);
    }
}
