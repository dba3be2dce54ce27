using Crm.Domain.Storage;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// The OAuth v2 install: <c>GET /slack/install</c> shows "Add to Slack" (Slack's authorize URL with the bot
/// scopes of the manifest and a state bound to this browser); Slack sends the browser back to
/// <c>GET /slack/oauth/callback</c>, which checks the state (genuine, current, this browser's, not used
/// before), exchanges the code with <c>oauth.v2.access</c> and stores the installation. Nothing is stored
/// when any check fails.
/// </summary>
public static class SlackInstallEndpoints
{
    public const string Install = "/slack/install";
    public const string Callback = "/slack/oauth/callback";

    public static IEndpointRouteBuilder MapSlackInstall(this IEndpointRouteBuilder app)
    {
        app.MapGet(Install, InstallPage);
        app.MapGet(Callback, CallbackAsync);
        return app;
    }

    private static IResult InstallPage(HttpContext http, IOptions<SlackOptions> options, SlackInstallState states)
    {
        var o = options.Value;
        NoStore(http);
        if (!o.IsOAuthConfigured)
            return SlackInstallPages.Problem("Installing through Slack is not set up on this server: set Slack:ClientId and Slack:ClientSecret.",
                StatusCodes.Status404NotFound);
        var nonce = SlackInstallState.NewNonce();
        http.Response.Cookies.Append(SlackInstallState.CookieName, nonce, new CookieOptions
        {
            HttpOnly = true,
            Secure = http.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            Path = Callback,
            MaxAge = SlackInstallState.Lifetime,
            IsEssential = true,
        });
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = o.ClientId,
            ["scope"] = string.Join(',', SlackManifest.BotScopes.Select(s => s.Scope)),
            ["redirect_uri"] = RedirectUri(http, o),
            ["state"] = states.Issue(nonce),
        };
        return SlackInstallPages.AddToSlack(Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(o.AuthorizeUrl, query));
    }

    private static async Task<IResult> CallbackAsync(HttpContext http, IOptions<SlackOptions> options, SlackInstallState states, CrmDbContext db,
        SlackOAuthClient oauth, SlackInstallationStore store, SlackTokens tokens, TimeProvider time, ILogger<SlackInstallState> log)
    {
        var o = options.Value;
        NoStore(http);
        if (!o.IsOAuthConfigured)
            return SlackInstallPages.Problem("Installing through Slack is not set up on this server.", StatusCodes.Status404NotFound);
        var q = http.Request.Query;
        var cookie = http.Request.Cookies[SlackInstallState.CookieName];
        // The cookie has done its work whatever happens next.
        http.Response.Cookies.Delete(SlackInstallState.CookieName, new CookieOptions { Path = Callback, Secure = http.Request.IsHttps, HttpOnly = true });

        if (q["error"].ToString() is { Length: > 0 } error)
            return error == "access_denied"
                ? SlackInstallPages.Problem("The install was cancelled in Slack, so nothing changed. You can start again at any time.")
                : SlackInstallPages.Problem($"Slack did not install the app ({error}).");

        var (nonce, problem) = states.Check(q["state"].ToString(), cookie);
        if (nonce is null)
        {
            log.LogWarning("Slack install callback refused: {Problem}", problem);
            return SlackInstallPages.Problem(problem!);
        }
        if (q["code"].ToString() is not { Length: > 0 } code)
            return SlackInstallPages.Problem("The answer from Slack carries no code.");
        // Single use for every host: the nonce is claimed like a platform delivery (table processed_requests).
        if (!await db.TryClaimDeliveryAsync($"slack:install-state:{nonce}", time.GetUtcNow(), http.RequestAborted))
        {
            log.LogWarning("Slack install callback refused: the state was used before");
            return SlackInstallPages.Problem("This install link was used already; start again to install once more.");
        }

        SlackOAuthAccess access;
        try
        {
            access = await oauth.ExchangeCodeAsync(code, RedirectUri(http, o), http.RequestAborted);
        }
        catch (SlackApiException e)
        {
            log.LogWarning("oauth.v2.access refused the install code: {Error}", e.Error);
            return SlackInstallPages.Problem($"Slack did not accept the install ({e.Error}).", StatusCodes.Status502BadGateway);
        }
        var row = await store.SaveAsync(access, http.RequestAborted);
        tokens.Forget();
        log.LogInformation("Slack app installed into {Kind} {Id} by {User}", row.IsEnterpriseInstall ? "organization" : "workspace",
            row.IsEnterpriseInstall ? row.EnterpriseId : row.TeamId, row.InstallerUserId);
        var open = row.AppId.Length == 0 ? null
            : Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("https://slack.com/app_redirect",
                new Dictionary<string, string?> { ["app"] = row.AppId, ["team"] = row.IsEnterpriseInstall ? null : row.TeamId });
        return SlackInstallPages.Installed(row.Name, open);
    }

    /// <summary>The redirect URL registered with the app: configured, or this server's callback at the address the page was opened at.</summary>
    private static string RedirectUri(HttpContext http, SlackOptions o) =>
        !string.IsNullOrWhiteSpace(o.RedirectUrl) ? o.RedirectUrl : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}{Callback}";

    private static void NoStore(HttpContext http) => http.Response.Headers.CacheControl = "no-store";
}
