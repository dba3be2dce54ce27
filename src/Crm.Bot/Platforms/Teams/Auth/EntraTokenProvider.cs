using System.Collections.Concurrent;
using System.Text.Json;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Client-credential tokens from Entra ID (Bot Connector and Graph), cached until five minutes
/// before they expire, fetched once even when many requests need one at the same moment.
/// </summary>
internal sealed class EntraTokenProvider(IHttpClientFactory httpClients, TimeProvider time, ILogger<EntraTokenProvider> logger)
{
    public const string HttpClientName = "entra-token";
    private static readonly TimeSpan RenewBefore = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _tokens = new();
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new();

    public async Task<string> GetTokenAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        var key = credentials.ToString();
        if (_tokens.TryGetValue(key, out var cached) && time.GetUtcNow() < cached.RenewAt)
            return cached.Token;

        var gate = _gates.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(key, out cached) && time.GetUtcNow() < cached.RenewAt)
                return cached.Token;
            var (token, lifetime) = await RequestAsync(credentials, cancellationToken);
            var renewAt = time.GetUtcNow() + (lifetime > RenewBefore * 2 ? lifetime - RenewBefore : lifetime / 2);
            _tokens[key] = (token, renewAt);
            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Forgets a token the receiver rejected (401), so the next call asks again.</summary>
    public void Forget(ClientCredentials credentials) => _tokens.TryRemove(credentials.ToString(), out _);

    private async Task<(string Token, TimeSpan Lifetime)> RequestAsync(ClientCredentials credentials, CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = credentials.ClientId,
            ["client_secret"] = credentials.ClientSecret,
            ["scope"] = credentials.Scope,
        });
        var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.PostAsync(credentials.TokenUrl, form, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The error body names the problem (AADSTS codes) and never echoes the secret.
            logger.LogError("Token request {Credentials} failed with {Status}: {Body}", credentials, (int)response.StatusCode, Truncate(body));
            throw new HttpRequestException($"Token request for {credentials.Scope} failed with HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
        using var json = JsonDocument.Parse(body);
        var token = json.RootElement.GetProperty("access_token").GetString()
                    ?? throw new HttpRequestException("Token response has no access_token.");
        var seconds = json.RootElement.TryGetProperty("expires_in", out var e)
            ? e.ValueKind == JsonValueKind.Number ? e.GetInt32() : int.Parse(e.GetString() ?? "3600")
            : 3600;
        return (token, TimeSpan.FromSeconds(Math.Max(seconds, 60)));
    }

    private static string Truncate(string text) => text.Length <= 500 ? text : text[..500];
}
