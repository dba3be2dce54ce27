using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Bot Framework's signing keys, read from the OpenID metadata's <c>jwks_uri</c> and kept with
/// their endorsements (which <see cref="Microsoft.IdentityModel.Protocols.OpenIdConnect"/> drops).
/// Keys are refreshed after a day, or when a token names a key we do not know. A fetch is started
/// at most once per <see cref="RefreshInterval"/>, whether the last one worked or failed, so neither
/// forged kids nor an outage make us hammer the endpoint. No request waits more than
/// <see cref="MaxWait"/> for a fetch: keys already known are used at once (a day-old set is refreshed
/// in the background and keeps working until a fetch succeeds), and a request naming an unknown key
/// waits for the fetch at most that long.
/// </summary>
internal sealed class BotFrameworkKeyCache(IHttpClientFactory httpClients, IOptions<TeamsOptions> options, TimeProvider time, ILogger<BotFrameworkKeyCache> logger)
{
    public const string HttpClientName = "teams-openid";
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private volatile IReadOnlyDictionary<string, BotFrameworkSigningKey> _keys = new Dictionary<string, BotFrameworkSigningKey>();
    /// <summary>UTC ticks of the last successful fetch (a long, so requests read it without the lock).</summary>
    private long _fetchedAtTicks = DateTimeOffset.MinValue.UtcTicks;
    /// <summary>When the last fetch started, successful or not: the throttle counts attempts.</summary>
    private DateTimeOffset _attemptedAt = DateTimeOffset.MinValue;
    private Task _refreshing = Task.CompletedTask;

    public async Task<BotFrameworkSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_keys.TryGetValue(keyId, out var known))
        {
            // A day-old set is refreshed in the background; this request does not wait for it.
            if (now.UtcTicks - Interlocked.Read(ref _fetchedAtTicks) >= KeyLifetime.Ticks)
                _ = StartRefresh(now);
            return known;
        }

        var refresh = StartRefresh(now);
        if (!refresh.IsCompleted)
        {
            try
            {
                // Real time, not the injected clock: this bounds how long a caller is held.
                await refresh.WaitAsync(MaxWait, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The endpoint is slow or hanging; the fetch goes on in the background.
            }
        }
        return _keys.GetValueOrDefault(keyId);
    }

    /// <summary>
    /// Fetches the keys now unless a fetch is running or one started less than <see cref="RefreshInterval"/>
    /// ago, and waits for it in full (host start: the first requests then find the keys ready).
    /// </summary>
    public Task WarmUpAsync(CancellationToken cancellationToken) => StartRefresh(time.GetUtcNow()).WaitAsync(cancellationToken);

    /// <summary>The running fetch, a new one if the throttle allows, or the last (completed) one.</summary>
    private Task StartRefresh(DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_refreshing.IsCompleted || now - _attemptedAt < RefreshInterval)
                return _refreshing;
            _attemptedAt = now;
            // Not tied to any request: a caller that stops waiting must not cancel it for the others.
            _refreshing = Task.Run(() => RefreshAsync(CancellationToken.None));
            return _refreshing;
        }
    }

    private async Task RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var http = httpClients.CreateClient(HttpClientName);
            using var metadata = JsonDocument.Parse(await http.GetStringAsync(options.Value.OpenIdMetadataUrl, cancellationToken));
            var jwksUri = metadata.RootElement.GetProperty("jwks_uri").GetString();
            if (!TeamsUrlRules.IsAcceptable(jwksUri, out var problem))
                throw new InvalidOperationException($"OpenID metadata names an unacceptable jwks_uri: {problem}");
            using var jwks = JsonDocument.Parse(await http.GetStringAsync(jwksUri, cancellationToken));
            _keys = Parse(jwks.RootElement);
            Interlocked.Exchange(ref _fetchedAtTicks, time.GetUtcNow().UtcTicks);
        }
        catch (Exception e)
        {
            // Whatever went wrong (an outage, a timeout, a malformed document), the fetch ends here: it
            // runs for every waiting request at once and must not fail any of them.
            // Keep the keys we have: a metadata outage must not reject tokens signed by known keys.
            logger.LogWarning(e, "Could not refresh the Bot Framework signing keys from {Url}", options.Value.OpenIdMetadataUrl);
        }
    }

    private static Dictionary<string, BotFrameworkSigningKey> Parse(JsonElement jwks)
    {
        var keys = new Dictionary<string, BotFrameworkSigningKey>(StringComparer.Ordinal);
        foreach (var element in jwks.GetProperty("keys").EnumerateArray())
        {
            if (element.TryGetProperty("kty", out var kty) && kty.GetString() != "RSA")
                continue;
            var key = new JsonWebKey(element.GetRawText());
            if (string.IsNullOrEmpty(key.Kid))
                continue;
            var endorsements = element.TryGetProperty("endorsements", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(e => e.GetString() ?? "").Where(e => e.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase)
                : new HashSet<string>();
            keys[key.Kid] = new BotFrameworkSigningKey(key.Kid, key, endorsements);
        }
        return keys;
    }
}
