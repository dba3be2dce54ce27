using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// The OAuth <c>state</c>, bound to the browser that opened the install page: a random nonce goes into an
/// HttpOnly cookie, and the state is the nonce with its issue time, protected by Data Protection (so it
/// cannot be forged or altered). It is good for <see cref="Lifetime"/> and once (the callback claims it
/// in the database).
/// </summary>
public sealed class SlackInstallState(IDataProtectionProvider provider, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    public const string CookieName = "crm_slack_install";

    private readonly IDataProtector _protector = provider.CreateProtector("Crm.Bot.Slack.InstallState.v1");

    public static string NewNonce() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Issue(string nonce) => Issue(nonce, time.GetUtcNow());

    /// <summary>A state for <paramref name="nonce"/> issued at <paramref name="issuedAt"/>.</summary>
    public string Issue(string nonce, DateTimeOffset issuedAt) =>
        _protector.Protect($"{nonce}|{issuedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)}");

    /// <summary>The nonce of a state that is genuine, current and bound to <paramref name="cookieNonce"/>; otherwise why not.</summary>
    public (string? Nonce, string? Problem) Check(string? state, string? cookieNonce)
    {
        if (string.IsNullOrEmpty(state)) return (null, "The answer from Slack carries no state.");
        string plain;
        try
        {
            plain = _protector.Unprotect(state);
        }
        catch (CryptographicException)
        {
            return (null, "The answer from Slack carries a state this app did not issue.");
        }
        var bar = plain.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(plain.AsSpan(bar + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var issuedMs))
            return (null, "The answer from Slack carries a state this app did not issue.");
        var nonce = plain[..bar];
        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeMilliseconds(issuedMs);
        if (age > Lifetime || age < -TimeSpan.FromMinutes(1))
            return (null, "The install link has expired (it is good for 10 minutes).");
        if (string.IsNullOrEmpty(cookieNonce))
            return (null, "This browser did not start the install (its install cookie is missing).");
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(nonce), Encoding.UTF8.GetBytes(cookieNonce)))
            return (null, "This browser did not start this install (its install cookie belongs to another one).");
        return (nonce, null);
    }
}
