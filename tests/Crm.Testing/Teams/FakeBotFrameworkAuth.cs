using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Testing.Teams;

/// <summary>
/// Stands in for login.botframework.com: OpenID metadata and a JWKS with endorsements, served over
/// HTTP, and tokens minted with the test RSA keys exactly as the Bot Connector would sign them.
/// </summary>
public sealed class FakeBotFrameworkAuth : LoopbackServer
{
    public const string Issuer = "https://api.botframework.com";
    public const string TeamsKeyId = "teams-key-1";
    public const string OtherChannelKeyId = "webchat-key-1";

    private readonly Dictionary<string, (RSA Rsa, string[] Endorsements)> _published = new();
    private int _metadataRequests;
    private int _keyRequests;

    public int MetadataRequests => _metadataRequests;
    /// <summary>How the metadata document is answered: normally, with 500, or never (the request hangs until the caller gives up).</summary>
    public MetadataFault Fault { get; set; }
    public int KeyRequests => _keyRequests;
    public string MetadataUrl => $"{BaseUrl}/v1/.well-known/openidconfiguration";

    public static async Task<FakeBotFrameworkAuth> StartNewAsync()
    {
        var fake = new FakeBotFrameworkAuth();
        fake.Publish(TeamsKeyId, "msteams");
        fake.Publish(OtherChannelKeyId, "webchat");
        await fake.StartAsync();
        return fake;
    }

    /// <summary>Adds a key to the JWKS (a rotation) with the channels it is endorsed for.</summary>
    public RSA Publish(string keyId, params string[] endorsements)
    {
        var rsa = RSA.Create(2048);
        lock (_published) _published[keyId] = (rsa, endorsements);
        return rsa;
    }

    protected override void Map(WebApplication app)
    {
        app.MapGet("/v1/.well-known/openidconfiguration", async (HttpContext http) =>
        {
            Interlocked.Increment(ref _metadataRequests);
            if (Fault == MetadataFault.Error)
                return Results.StatusCode(500);
            if (Fault == MetadataFault.Hang)
            {
                try { await Task.Delay(Timeout.Infinite, http.RequestAborted); }
                catch (OperationCanceledException) { }
                return Results.StatusCode(504);
            }
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["authorization_endpoint"] = "https://invalid.botframework.com",
                ["jwks_uri"] = $"{BaseUrl}/v1/keys",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        });
        app.MapGet("/v1/keys", () =>
        {
            Interlocked.Increment(ref _keyRequests);
            lock (_published)
            {
                var keys = _published.Select(k =>
                {
                    var p = k.Value.Rsa.ExportParameters(false);
                    return new Dictionary<string, object>
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["kid"] = k.Key,
                        ["n"] = Base64UrlEncoder.Encode(p.Modulus), ["e"] = Base64UrlEncoder.Encode(p.Exponent),
                        ["endorsements"] = k.Value.Endorsements,
                    };
                }).ToList();
                return Results.Json(new { keys });
            }
        });
    }

    /// <summary>A token as the Bot Connector sends it; every part can be bent for negative tests.</summary>
    public string Mint(TeamsTokenSpec spec)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["serviceurl"] = spec.ServiceUrl };
        if (spec.Algorithm == "none")
            return Unsigned(spec, now);

        SigningCredentials credentials;
        if (spec.Algorithm == SecurityAlgorithms.HmacSha256)
        {
            // The classic confusion attack: HMAC keyed with the bytes of the public RSA key.
            var publicKey = _published[TeamsKeyId].Rsa.ExportSubjectPublicKeyInfo();
            credentials = new SigningCredentials(new SymmetricSecurityKey(publicKey) { KeyId = TeamsKeyId }, SecurityAlgorithms.HmacSha256);
        }
        else
        {
            var rsa = spec.KeyId is { } kid && _published.TryGetValue(kid, out var known) ? known.Rsa : RSA.Create(2048);
            credentials = new SigningCredentials(new RsaSecurityKey(rsa) { KeyId = spec.KeyId ?? TeamsKeyId }, spec.Algorithm);
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = spec.Issuer,
            Audience = spec.Audience,
            IssuedAt = now + spec.NotBeforeOffset,
            NotBefore = now + spec.NotBeforeOffset,
            Expires = now + spec.ExpiresIn,
            Claims = claims,
            SigningCredentials = credentials,
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private static string Unsigned(TeamsTokenSpec spec, DateTime now)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var exp = new DateTimeOffset(now + spec.ExpiresIn).ToUnixTimeSeconds();
        var nbf = new DateTimeOffset(now + spec.NotBeforeOffset).ToUnixTimeSeconds();
        var header = Part($$"""{"alg":"none","typ":"JWT","kid":"{{TeamsKeyId}}"}""");
        var payload = Part($$"""{"iss":"{{spec.Issuer}}","aud":"{{spec.Audience}}","nbf":{{nbf}},"exp":{{exp}},"serviceurl":"{{spec.ServiceUrl}}"}""");
        return $"{header}.{payload}.";
    }
}
