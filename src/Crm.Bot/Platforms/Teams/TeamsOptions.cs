namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The bot's Microsoft Teams registration. Without an app id the host still runs, but
/// <c>/api/messages</c> refuses every request.
/// </summary>
public sealed class TeamsOptions
{
    public const string Section = "Teams";
    public const string BotFrameworkMetadataUrl = "https://login.botframework.com/v1/.well-known/openidconfiguration";
    public const string MultiTenantAuthorityTenant = "botframework.com";

    /// <summary>The Entra ID application (client) id of the bot registration; the audience of inbound tokens.</summary>
    public string? AppId { get; set; }

    /// <summary>The registration's client secret (environment or user-secrets only).</summary>
    public string? AppPassword { get; set; }

    /// <summary>The home tenant of a single-tenant bot; empty means a multi-tenant registration.</summary>
    public string? TenantId { get; set; }

    /// <summary>Tenants whose users may talk to the bot. Defaults to <see cref="TenantId"/> for a single-tenant bot.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    public string OpenIdMetadataUrl { get; set; } = BotFrameworkMetadataUrl;

    /// <summary>Where client-credential tokens come from (sovereign clouds and test doubles change it).</summary>
    public string TokenAuthority { get; set; } = "https://login.microsoftonline.com";

    /// <summary>The issuer of tokens the Bot Connector sends us.</summary>
    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>The scope of tokens we send to the Bot Connector.</summary>
    public string ConnectorScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>
    /// The CRM web UI's customer page with <c>{id}</c> where the customer id goes, e.g.
    /// <c>https://crm.example.com/customers/{id}</c>. Links to it pasted in Teams unfurl into the customer's card
    /// (the app manifest's link message handler names its host). Unset: no unfurls.
    /// </summary>
    public string? CustomerLinkPattern { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(AppId);

    /// <summary>The tenant segment of the token URL: the home tenant, or botframework.com for multi-tenant bots.</summary>
    public string AuthorityTenant => string.IsNullOrWhiteSpace(TenantId) ? MultiTenantAuthorityTenant : TenantId.Trim();

    /// <summary>The tenants allowed in, from <see cref="AllowedTenants"/> (comma-separated entries allowed) or the home tenant.</summary>
    public IReadOnlySet<string> EffectiveAllowedTenants
    {
        get
        {
            var listed = AllowedTenants
                .SelectMany(t => t.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .ToHashSet(StringComparer.OrdinalIgnoreCase);
            if (listed.Count == 0 && !string.IsNullOrWhiteSpace(TenantId))
                listed.Add(TenantId.Trim());
            return listed;
        }
    }
}
