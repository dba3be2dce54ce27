using System.Security.Cryptography;
using System.Text;

namespace Crm.Bot.TryIt;

/// <summary>
/// The console's per-start secret, as notebook servers have: the start-up line prints the console's
/// address with it, the page trades it for a cookie, and every console request must carry that
/// cookie. Another user of this machine, or a web page in its browser, cannot guess it, so being on
/// this machine is not enough to act as a demo user. A new start makes a new key.
/// </summary>
public sealed class ConsoleAccessKey
{
    public const string QueryName = "key";

    private readonly byte[] _digest;

    public ConsoleAccessKey() : this(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)))
    {
    }

    private ConsoleAccessKey(string value)
    {
        Value = value;
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(value));
    }

    /// <summary>The key itself: shown once at start, then only ever sent back by the browser.</summary>
    public string Value { get; }

    /// <summary>
    /// The cookie's name for the host on <paramref name="port"/>: browsers share cookies between
    /// ports of one host name, so two hosts on localhost would otherwise overwrite each other's.
    /// </summary>
    public static string CookieName(int? port) => $"crm-console-{port ?? 0}";

    /// <summary>
    /// Whether <paramref name="candidate"/> is this start's key. Both sides are hashed to the same
    /// length first and compared in constant time, so the answer's timing says nothing about how
    /// much of a guess was right.
    /// </summary>
    public bool Matches(string? candidate) =>
        candidate is { Length: > 0 and <= 256 }
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(candidate)), _digest);

    /// <summary>The console's address with the key, for the start-up line: a wildcard or loopback listen address becomes localhost.</summary>
    public string LinkFor(string listenAddress)
    {
        var uri = ListenUri(listenAddress);
        if (uri is null) return $"{listenAddress.TrimEnd('/')}/?{QueryName}={Value}";
        // Without Console:AllowRemote the console answers only to the Host name localhost or a loopback
        // IP (DNS rebinding), so a wildcard or loopback listen address is shown as localhost.
        var local = uri.IsLoopback || uri.Host is "0.0.0.0" or "[::]" or "::" || uri.HostNameType == UriHostNameType.Dns && uri.Host == "localhost";
        var host = local ? "localhost" : uri.Host;
        return $"{uri.Scheme}://{host}:{uri.Port}/?{QueryName}={Value}";
    }

    private static Uri? ListenUri(string address)
    {
        // Kestrel's wildcards ("+", "*") are not valid host names; any host will do for reading the scheme and port.
        var normalised = address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(normalised, UriKind.Absolute, out var uri) ? uri : null;
    }
}
