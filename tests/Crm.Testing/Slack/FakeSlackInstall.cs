namespace Crm.Testing.Slack;

/// <summary>
/// What the fake Slack installs when the browser approves at its authorize page: one workspace
/// (<paramref name="TeamId"/>), or a whole Enterprise Grid organization (<paramref name="OrgWide"/>, serving
/// <paramref name="OrgTeams"/>). With <paramref name="ExpiresInSeconds"/> the app rotates tokens: the bot
/// token expires then and comes with a refresh token.
/// </summary>
public sealed record FakeSlackInstall(
    string? TeamId,
    string? EnterpriseId = null,
    bool OrgWide = false,
    IReadOnlyList<string>? OrgTeams = null,
    int? ExpiresInSeconds = null,
    string Installer = "U0AVA",
    string? Name = null)
{
    /// <summary>The workspace or, for an org-wide install, the organization: what its tokens are named after.</summary>
    public string Owner => OrgWide ? EnterpriseId! : TeamId!;

    public string BotUserId => "UB" + Owner;
}
