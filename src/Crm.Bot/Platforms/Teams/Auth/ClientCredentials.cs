namespace Crm.Bot.Platforms.Teams;

/// <summary>Who asks for a client-credentials token, where, and for what.</summary>
internal sealed record ClientCredentials(string Authority, string Tenant, string ClientId, string ClientSecret, string Scope)
{
    public string TokenUrl => $"{Authority.TrimEnd('/')}/{Uri.EscapeDataString(Tenant)}/oauth2/v2.0/token";

    /// <summary>Never includes the secret: this is what logs and cache keys see.</summary>
    public override string ToString() => $"{ClientId} @ {TokenUrl} for {Scope}";
}
