namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Slack settings (section "Slack"). Secrets come from the environment or user-secrets only.
/// With no signing secret the host still runs, and every Slack request is refused.
/// </summary>
public sealed class SlackOptions
{
    public const string Section = "Slack";

    /// <summary>The app's signing secret; empty means the Slack endpoints refuse every request.</summary>
    public string? SigningSecret { get; set; }

    /// <summary>
    /// The bot token (xoxb-…) for the Web API of a one-workspace install. With OAuth configured
    /// (<see cref="ClientId"/>, <see cref="ClientSecret"/>) it is optional and used only for workspaces
    /// without a stored installation.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>The app's client id (OAuth install: "Add to Slack" for any number of workspaces).</summary>
    public string? ClientId { get; set; }

    /// <summary>The app's client secret (OAuth install).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Where "Add to Slack" sends the browser.</summary>
    public string AuthorizeUrl { get; set; } = "https://slack.com/oauth/v2/authorize";

    /// <summary>
    /// The redirect URL registered with the app (https://host/slack/oauth/callback); when empty it is
    /// built from the address the install page was opened at.
    /// </summary>
    public string? RedirectUrl { get; set; }

    /// <summary>
    /// An app-level token (xapp-… with the <c>connections:write</c> scope). Set, it switches Socket Mode on: the host
    /// connects out to Slack over WebSockets and needs neither a public address nor the signing secret.
    /// </summary>
    public string? AppToken { get; set; }

    /// <summary>Base URL of the Web API; plain http is accepted only for loopback addresses (test doubles).</summary>
    public string ApiBaseUrl { get; set; } = "https://slack.com/api/";

    /// <summary>
    /// Where customers live in the CRM's web UI, with <c>{id}</c> for the customer id, e.g.
    /// <c>https://crm.example.com/customers/{id}</c>. Links shared in Slack that match it are unfurled.
    /// </summary>
    public string? CustomerLinkPattern { get; set; }

    /// <summary>
    /// How long a request may work before we stop waiting and answer Slack later (response_url). Slack
    /// allows 3 s including the network and our own queueing under load, so half of it is the default.
    /// </summary>
    public int InlineReplyBudgetMs { get; set; } = 1500;

    /// <summary>How long one Web API call may take before it counts as a transient failure.</summary>
    public int ApiTimeoutMs { get; set; } = 10_000;

    /// <summary>How many times an interactive Web API call is tried on transient failures.</summary>
    public int ApiMaxAttempts { get; set; } = 4;

    /// <summary>How long a users.info answer is reused.</summary>
    public int DirectoryCacheSeconds { get; set; } = 600;

    /// <summary>
    /// The old name of <c>Outbox:SlackChannelInterval</c>. Bound only so that a host still configured with it
    /// refuses to start saying what to set instead, rather than silently spacing posts by the default.
    /// </summary>
    public int? ChannelPostIntervalMs { get; set; }

    public bool IsConfigured => !string.IsNullOrEmpty(SigningSecret) || SocketMode;

    /// <summary>True when Slack is reached over Socket Mode (an app-level token is set).</summary>
    public bool SocketMode => !string.IsNullOrEmpty(AppToken);

    /// <summary>Installs through "Add to Slack" and keeps a token per workspace.</summary>
    public bool IsOAuthConfigured => !string.IsNullOrEmpty(ClientId) && !string.IsNullOrEmpty(ClientSecret);

    public Uri ApiBase => new(ApiBaseUrl.EndsWith('/') ? ApiBaseUrl : ApiBaseUrl + "/", UriKind.Absolute);
}
