using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Crm.Testing.Teams;

/// <summary>
/// Stands in for login.microsoftonline.com's client-credentials endpoint
/// (<c>/{tenant}/oauth2/v2.0/token</c>). Issues opaque tokens to known clients and remembers them,
/// so the connector and Graph fakes can check every bearer token they receive.
/// </summary>
public sealed class FakeEntraTokenEndpoint : LoopbackServer
{
    private readonly ConcurrentDictionary<string, string> _clients = new();
    private readonly ConcurrentDictionary<string, (string Scope, string Tenant)> _issued = new();
    private readonly ConcurrentQueue<TokenRequest> _requests = new();

    public sealed record TokenRequest(string Tenant, string GrantType, string ClientId, string Scope, bool SecretMatched);

    public IReadOnlyList<TokenRequest> Requests => _requests.ToList();

    /// <summary>Seconds until issued tokens expire.</summary>
    public int ExpiresIn { get; set; } = 3600;

    public static async Task<FakeEntraTokenEndpoint> StartNewAsync(string clientId, string secret)
    {
        var fake = new FakeEntraTokenEndpoint();
        fake._clients[clientId] = secret;
        await fake.StartAsync();
        return fake;
    }

    public void AddClient(string clientId, string secret) => _clients[clientId] = secret;

    /// <summary>True when the token was issued here for that scope.</summary>
    public bool Issued(string? token, string scope) =>
        token is not null && _issued.TryGetValue(token, out var grant) && grant.Scope == scope;

    public string? TenantOf(string token) => _issued.TryGetValue(token, out var grant) ? grant.Tenant : null;

    protected override void Map(WebApplication app)
    {
        app.MapPost("/{tenant}/oauth2/v2.0/token", async (string tenant, HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var clientId = form["client_id"].ToString();
            var matched = _clients.TryGetValue(clientId, out var secret) && secret == form["client_secret"].ToString();
            var grantType = form["grant_type"].ToString();
            var scope = form["scope"].ToString();
            _requests.Enqueue(new TokenRequest(tenant, grantType, clientId, scope, matched));
            if (grantType != "client_credentials" || !matched)
                return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
            var token = $"fake-{Guid.NewGuid():N}";
            _issued[token] = (scope, tenant);
            return Results.Json(new { token_type = "Bearer", expires_in = ExpiresIn, ext_expires_in = ExpiresIn, access_token = token });
        });
    }
}
