using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Checks Slack's v0 request signature: HMAC-SHA256 over <c>v0:{timestamp}:{raw body}</c> with the
/// signing secret, within ±300 s of now. Fails closed: no secret configured means nothing is valid.
/// </summary>
public sealed class SlackSignatureVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(300);

    public SlackVerification Verify(string? timestampHeader, string? signatureHeader, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.SigningSecret;
        if (string.IsNullOrEmpty(secret))
            return SlackVerification.Fail("Slack is not configured on this host (no Slack:SigningSecret).");
        if (string.IsNullOrEmpty(timestampHeader) || string.IsNullOrEmpty(signatureHeader))
            return SlackVerification.Fail("X-Slack-Request-Timestamp or X-Slack-Signature is missing.");
        if (!long.TryParse(timestampHeader, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return SlackVerification.Fail("X-Slack-Request-Timestamp is not a Unix time.");

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (Math.Abs(now - seconds) > Window.TotalSeconds)
            return SlackVerification.Fail("The request timestamp is outside the 300 s window.");

        if (!signatureHeader.StartsWith("v0=", StringComparison.Ordinal))
            return SlackVerification.Fail("The signature is not a v0 signature.");
        var expected = Compute(secret, timestampHeader, body);
        var given = Encoding.ASCII.GetBytes(signatureHeader);
        return CryptographicOperations.FixedTimeEquals(expected, given)
            ? SlackVerification.Ok
            : SlackVerification.Fail("The signature does not match.");
    }

    /// <summary>The full header value (<c>v0=…</c>) as ASCII bytes, so the comparison covers the whole header.</summary>
    public static byte[] Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"v0:{timestamp}:");
        var message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
        return Encoding.ASCII.GetBytes("v0=" + Convert.ToHexStringLower(mac));
    }
}

public sealed record SlackVerification(bool IsValid, string? Problem)
{
    public static readonly SlackVerification Ok = new(true, null);
    public static SlackVerification Fail(string why) => new(false, why);
}
