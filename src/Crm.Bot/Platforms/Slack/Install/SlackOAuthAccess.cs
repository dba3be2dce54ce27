using System.Text.Json;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// What <c>oauth.v2.access</c> answers for a bot install or a token refresh: the bot token and, when the
/// app rotates tokens, its refresh token and lifetime; the workspace, or the organization for an org-wide install.
/// </summary>
public sealed record SlackOAuthAccess(
    string AccessToken,
    string? RefreshToken,
    int? ExpiresInSeconds,
    string Scope,
    string BotUserId,
    string AppId,
    string? TeamId,
    string? TeamName,
    string? EnterpriseId,
    string? EnterpriseName,
    bool IsEnterpriseInstall,
    string? InstallerUserId)
{
    public static SlackOAuthAccess Parse(JsonElement answer)
    {
        var token = Str(answer, "access_token");
        if (string.IsNullOrEmpty(token))
            throw new SlackApiException(SlackOAuthClient.AccessMethod, "invalid_response (no access_token)", isPermanent: true);
        return new SlackOAuthAccess(
            token,
            Str(answer, "refresh_token"),
            answer.TryGetProperty("expires_in", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : null,
            Str(answer, "scope") ?? "",
            Str(answer, "bot_user_id") ?? "",
            Str(answer, "app_id") ?? "",
            Nested(answer, "team", "id"),
            Nested(answer, "team", "name"),
            Nested(answer, "enterprise", "id"),
            Nested(answer, "enterprise", "name"),
            answer.TryGetProperty("is_enterprise_install", out var org) && org.ValueKind == JsonValueKind.True,
            Nested(answer, "authed_user", "id"));
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? Nested(JsonElement element, string outer, string inner) =>
        element.TryGetProperty(outer, out var o) ? Str(o, inner) : null;
}
