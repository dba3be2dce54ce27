using Microsoft.Kiota.Abstractions.Authentication;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Hands Graph requests a client-credentials token, and only for the configured Graph host.</summary>
internal sealed class GraphAccessTokenProvider(EntraTokenProvider tokens, ClientCredentials credentials, string graphBaseUrl) : IAccessTokenProvider
{
    public AllowedHostsValidator AllowedHostsValidator { get; } = new([new Uri(graphBaseUrl).Host]);

    public async Task<string> GetAuthorizationTokenAsync(Uri uri, Dictionary<string, object>? additionalAuthenticationContext = null, CancellationToken cancellationToken = default)
    {
        if (!AllowedHostsValidator.IsUrlHostValid(uri) || !TeamsUrlRules.IsAcceptable(uri.ToString()))
            return "";
        return await tokens.GetTokenAsync(credentials, cancellationToken);
    }
}
