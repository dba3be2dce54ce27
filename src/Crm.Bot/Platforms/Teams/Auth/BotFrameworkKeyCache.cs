using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Bot Framework's signing keys, read from the OpenID metadata's <c>jwks_uri</c> and kept with
/// their endorsements (which <see cref="Microsoft.IdentityModel.Protocols.OpenIdConnect"/> drops).
/// Keys are kept for a day and fetched again when a token names a key we do not know, at most
/// once per <see cref="UnknownKeyRefreshInterval"/> so forged kids cannot make us hammer the endpoint.
/// </summary>
internal sealed class BotFrameworkKeyCache(IHttpClientFactory httpClients, IOptions<TeamsOptions> options, TimeProvider time, ILogger<BotFrameworkKeyCache> logger)
{
    public const string HttpClientName = "teams-openid";
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan UnknownKeyRefreshInterval = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private IReadOnlyDictionary<string, BotFrameworkSigningKey> _keys = new Dictionary<string, BotFrameworkSigningKey>();
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public async Task<BotFrameworkSigningKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _fetchedAt < KeyLifetime && _keys.TryGetValue(keyId, out var known))
            return known;

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            now = time.GetUtcNow();
            var stale = now - _fetchedAt >= KeyLifetime;
            if (!stale && _keys.TryGetValue(keyId, out known))
                return known;
            if (stale || now - _fetchedAt >= UnknownKeyRefreshInterval)
                await RefreshAsync(cancellationToken);
            return _keys.GetValueOrDefault(keyId);
        }
        finally
        {
            _refresh.Release();
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
            _fetchedAt = time.GetUtcNow();
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or InvalidOperationException or KeyNotFoundException or TaskCanceledException)
        {
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
