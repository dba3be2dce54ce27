using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Checks the bearer token of an inbound activity as the Bot Framework requires: issuer, audience,
/// lifetime (5 min skew), an RS256/384/512 signature by a published key that is endorsed for the
/// activity's channel, and a <c>serviceurl</c> claim equal to the activity's service URL.
/// </summary>
internal sealed class BotFrameworkTokenValidator(BotFrameworkKeyCache keys, IOptions<TeamsOptions> options, TimeProvider time)
{
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);
    private static readonly string[] Algorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

    public async Task<TokenCheck> ValidateAsync(string? authorization, string? channelId, string? serviceUrl, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.IsConfigured)
            return TokenCheck.Invalid("Teams is not configured (Teams:AppId is empty)");
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return TokenCheck.Invalid("no bearer token");
        if (string.IsNullOrEmpty(channelId) || string.IsNullOrEmpty(serviceUrl))
            return TokenCheck.Invalid("activity has no channelId or serviceUrl");

        var raw = authorization["Bearer ".Length..].Trim();
        JsonWebToken token;
        try
        {
            token = _handler.ReadJsonWebToken(raw);
        }
        catch (ArgumentException)
        {
            return TokenCheck.Invalid("token is not a JWT");
        }
        // Checked before any key lookup: "none" and HMAC tokens never reach signature validation.
        if (!Algorithms.Contains(token.Alg, StringComparer.Ordinal))
            return TokenCheck.Invalid($"algorithm '{token.Alg}' is not allowed");
        if (string.IsNullOrEmpty(token.Kid))
            return TokenCheck.Invalid("token names no key");

        var key = await keys.FindAsync(token.Kid, cancellationToken);
        if (key is null)
            return TokenCheck.Invalid($"unknown signing key '{token.Kid}'");
        if (!key.Endorsements.Contains(channelId))
            return TokenCheck.Invalid($"key '{token.Kid}' is not endorsed for channel '{channelId}'");

        var result = await _handler.ValidateTokenAsync(token, Parameters(settings, key.Key));
        if (!result.IsValid)
            return TokenCheck.Invalid(result.Exception?.GetType().Name ?? "token rejected");

        var claimed = token.TryGetPayloadValue<string>("serviceurl", out var value) ? value : null;
        if (claimed is null || !SameServiceUrl(claimed, serviceUrl))
            return TokenCheck.Invalid("serviceurl claim does not match the activity");
        return TokenCheck.Valid;
    }

    /// <summary>Parameters per signing key, built once per key (and again only if the settings change).</summary>
    private readonly ConditionalWeakTable<SecurityKey, KeyParameters> _parameters = [];

    private sealed record KeyParameters(TeamsOptions Settings, TokenValidationParameters Parameters);

    private TokenValidationParameters Parameters(TeamsOptions settings, SecurityKey key)
    {
        if (_parameters.TryGetValue(key, out var known) && ReferenceEquals(known.Settings, settings))
            return known.Parameters;
        var parameters = NewParameters(settings, key);
        _parameters.AddOrUpdate(key, new KeyParameters(settings, parameters));
        return parameters;
    }

    private TokenValidationParameters NewParameters(TeamsOptions settings, SecurityKey key) => new()
    {
        ValidIssuer = settings.TokenIssuer,
        ValidAudience = settings.AppId,
        IssuerSigningKey = key,
        ValidAlgorithms = Algorithms,
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
        // The library reads the wall clock; ours comes from TimeProvider so tests control it.
        LifetimeValidator = (notBefore, expires, _, _) =>
        {
            var now = time.GetUtcNow().UtcDateTime;
            return expires is { } exp && now <= exp.ToUniversalTime() + ClockSkew &&
                   (notBefore is not { } nbf || now >= nbf.ToUniversalTime() - ClockSkew);
        },
    };

    private static bool SameServiceUrl(string a, string b) =>
        string.Equals(a.TrimEnd('/'), b.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);
}
