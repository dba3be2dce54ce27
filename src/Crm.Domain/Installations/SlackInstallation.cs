namespace Crm.Domain.Installations;

/// <summary>
/// The bot installed into one Slack workspace (<see cref="TeamId"/>) or, on Enterprise Grid, into a whole
/// organization at once (<see cref="IsEnterpriseInstall"/>: <see cref="TeamId"/> is empty and the token serves
/// every workspace of <see cref="EnterpriseId"/>). Tokens are stored only as Data Protection ciphertext; the
/// key ring lives in this database too (table <c>data_protection_keys</c>), so every host can read them.
/// A removed installation (app uninstalled, bot token revoked) keeps its row without tokens, so sends to
/// that workspace fail for good instead of falling back to a configured single-workspace token.
/// </summary>
public sealed class SlackInstallation
{
    public long Id { get; set; }
    /// <summary>The Enterprise Grid organization; empty for a workspace outside a Grid.</summary>
    public string EnterpriseId { get; set; } = "";
    /// <summary>The workspace; empty for an org-wide install.</summary>
    public string TeamId { get; set; } = "";
    public bool IsEnterpriseInstall { get; set; }
    public string? Name { get; set; }
    public string AppId { get; set; } = "";
    public string BotUserId { get; set; } = "";
    /// <summary>The bot scopes Slack granted, comma-separated as Slack reports them.</summary>
    public string Scopes { get; set; } = "";
    /// <summary>The Slack user who clicked "Add to Slack".</summary>
    public string InstallerUserId { get; set; } = "";
    /// <summary>The bot token (xoxb-… or, with rotation, xoxe.xoxb-…), protected; null once removed.</summary>
    public string? ProtectedBotToken { get; set; }
    /// <summary>The refresh token when the app rotates tokens, protected.</summary>
    public string? ProtectedRefreshToken { get; set; }
    /// <summary>When the bot token expires (token rotation); null when it does not.</summary>
    public DateTimeOffset? TokenExpiresAt { get; set; }
    public DateTimeOffset InstalledAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the app was uninstalled or its bot token revoked; the tokens are gone then.</summary>
    public DateTimeOffset? RemovedAt { get; set; }
    public string? RemovedReason { get; set; }

    public bool IsRemoved => RemovedAt is not null;
}
