using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Crm.Testing.Slack;

/// <summary>
/// The OAuth side of the fake Slack: the authorize page (approves with the next queued
/// <see cref="FakeSlackInstall"/>, or denies), <c>oauth.v2.access</c> (codes once, refresh tokens; a
/// different bot token for every workspace and every exchange), <c>auth.teams.list</c>, and which
/// token belongs to whom, so tests see which token each call used. Tokens it never issued are left to
/// the fake's usual checks (the single configured bot token keeps working).
/// </summary>
public sealed class FakeSlackOAuth
{
    public const string AppId = "A0CRMBOT";

    private sealed record Issued(FakeSlackInstall Install, DateTimeOffset? ExpiresAt)
    {
        public bool Revoked { get; set; }
        public bool ForcedExpired { get; set; }
    }

    private sealed record PendingCode(FakeSlackInstall Install, string RedirectUri);

    private readonly ConcurrentQueue<FakeSlackInstall?> _approvals = new();
    private readonly ConcurrentDictionary<string, PendingCode> _codes = new();
    private readonly ConcurrentDictionary<string, Issued> _tokens = new();
    private readonly ConcurrentDictionary<string, FakeSlackInstall> _refreshTokens = new();
    private long _serial;

    public string ClientId { get; set; } = "1111.2222";
    public string ClientSecret { get; set; } = "fake-client-secret";

    /// <summary>How long a token issued by a refresh lives.</summary>
    public int RefreshedExpiresInSeconds { get; set; } = 12 * 3600;

    /// <summary>The query of every visit to the authorize page.</summary>
    public ConcurrentQueue<IQueryCollection> AuthorizeRequests { get; } = new();

    /// <summary>The next visit to the authorize page approves this install.</summary>
    public void Approve(FakeSlackInstall install) => _approvals.Enqueue(install);

    /// <summary>The next visit to the authorize page is cancelled by the user.</summary>
    public void Deny() => _approvals.Enqueue(null);

    /// <summary>The newest bot token issued for a workspace or organization.</summary>
    public string TokenOf(string owner) =>
        _tokens.Where(t => t.Value.Install.Owner == owner).OrderByDescending(t => Serial(t.Key)).Select(t => t.Key).First();

    /// <summary>Every bot token issued for a workspace or organization.</summary>
    public IReadOnlyList<string> TokensOf(string owner) => _tokens.Where(t => t.Value.Install.Owner == owner).Select(t => t.Key).ToList();

    /// <summary>Whom a token was issued to (workspace or organization), or null for a token this fake did not issue.</summary>
    public string? OwnerOf(string? token) => token is not null && _tokens.TryGetValue(token, out var issued) ? issued.Install.Owner : null;

    /// <summary>Slack calls this token expired from now on.</summary>
    public void Expire(string token) => _tokens[token].ForcedExpired = true;

    /// <summary>Every token of the workspace or organization stops working (the app was uninstalled).</summary>
    public void Revoke(string owner)
    {
        foreach (var issued in _tokens.Values.Where(t => t.Install.Owner == owner)) issued.Revoked = true;
    }

    internal IResult Authorize(HttpContext http)
    {
        var q = http.Request.Query;
        AuthorizeRequests.Enqueue(q);
        var redirect = q["redirect_uri"].ToString();
        var state = Uri.EscapeDataString(q["state"].ToString());
        if (q["client_id"] != ClientId || redirect.Length == 0) return Results.BadRequest("invalid client_id or redirect_uri");
        if (!_approvals.TryDequeue(out var install)) return Results.BadRequest("no install queued in the fake");
        if (install is null) return Results.Redirect($"{redirect}?error=access_denied&state={state}");
        var code = $"code-{Interlocked.Increment(ref _serial)}-{Guid.NewGuid():N}";
        _codes[code] = new PendingCode(install, redirect);
        return Results.Redirect($"{redirect}?code={Uri.EscapeDataString(code)}&state={state}");
    }

    /// <summary>The answer to a call with a bearer token this fake issued (null: not one of ours, the fake's usual answer follows).</summary>
    internal JsonObject? CheckToken(string method, string? authorization)
    {
        var token = authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a[7..] : null;
        if (token is null || !_tokens.TryGetValue(token, out var issued)) return null;
        if (issued.Revoked) return Error("token_revoked");
        if (issued.ForcedExpired || issued.ExpiresAt is { } at && at <= DateTimeOffset.UtcNow) return Error("token_expired");
        if (method == "auth.teams.list")
        {
            var teams = new JsonArray();
            foreach (var team in issued.Install.OrgWide ? issued.Install.OrgTeams ?? [] : []) teams.Add(new JsonObject { ["id"] = team, ["name"] = team });
            return issued.Install.OrgWide ? new JsonObject { ["ok"] = true, ["teams"] = teams } : Error("not_allowed_token_type");
        }
        return new JsonObject();
    }

    internal JsonObject Access(JsonObject form)
    {
        if (Str(form, "client_id") != ClientId) return Error("invalid_client_id");
        if (Str(form, "client_secret") != ClientSecret) return Error("bad_client_secret");
        if (Str(form, "grant_type") == "refresh_token")
        {
            var refresh = Str(form, "refresh_token") ?? "";
            return _refreshTokens.TryGetValue(refresh, out var owner) ? Grant(owner, RefreshedExpiresInSeconds, refresh) : Error("invalid_refresh_token");
        }
        var code = Str(form, "code") ?? "";
        if (!_codes.TryRemove(code, out var pending)) return Error("invalid_code");
        if (Str(form, "redirect_uri") != pending.RedirectUri) return Error("bad_redirect_uri");
        return Grant(pending.Install, pending.Install.ExpiresInSeconds, refreshToken: null);
    }

    private JsonObject Grant(FakeSlackInstall install, int? expiresIn, string? refreshToken)
    {
        var serial = Interlocked.Increment(ref _serial);
        var rotating = expiresIn is not null;
        var token = rotating ? $"xoxe.xoxb-1-{install.Owner}-{serial}" : $"xoxb-{install.Owner}-{serial}";
        _tokens[token] = new Issued(install, rotating ? DateTimeOffset.UtcNow.AddSeconds(expiresIn!.Value) : null);
        var answer = new JsonObject
        {
            ["ok"] = true,
            ["access_token"] = token,
            ["token_type"] = "bot",
            ["scope"] = "commands,chat:write,users:read,users:read.email",
            ["bot_user_id"] = install.BotUserId,
            ["app_id"] = AppId,
            ["team"] = install.OrgWide ? null : new JsonObject { ["id"] = install.TeamId, ["name"] = install.Name ?? install.TeamId },
            ["enterprise"] = install.EnterpriseId is null ? null : new JsonObject { ["id"] = install.EnterpriseId, ["name"] = install.Name ?? install.EnterpriseId },
            ["is_enterprise_install"] = install.OrgWide,
            ["authed_user"] = new JsonObject { ["id"] = install.Installer },
        };
        if (rotating)
        {
            refreshToken ??= $"xoxe-1-{install.Owner}-{serial}";
            _refreshTokens[refreshToken] = install;
            answer["refresh_token"] = refreshToken;
            answer["expires_in"] = expiresIn;
        }
        return answer;
    }

    private static long Serial(string token) => long.Parse(token[(token.LastIndexOf('-') + 1)..]);

    private static string? Str(JsonObject body, string name) => body[name]?.GetValue<string>();

    private static JsonObject Error(string code) => new() { ["ok"] = false, ["error"] = code };
}
