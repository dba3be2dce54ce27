using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// The Slack app manifest: /crm, the events and interactivity URLs, and only the scopes the features
/// use. manifests/slack/manifest.json is this with the example base URL. For Socket Mode
/// (manifests/slack/manifest-socket-mode.json) it names no URL at all: Slack sends everything over the
/// connections the host opens.
/// </summary>
public static class SlackManifest
{
    public const string ExampleBaseUrl = "https://crm-bot.example.com";
    public const string ExampleUnfurlDomain = "crm.example.com";

    /// <summary>Each scope and the feature that needs it; nothing else is asked for.</summary>
    public static readonly IReadOnlyList<(string Scope, string Why)> BotScopes =
    [
        ("commands", "the /crm slash command"),
        ("chat:write", "answers, cards, follow-up and digest messages, DMs to a person"),
        ("files:write", "files.getUploadURLExternal + files.completeUploadExternal: a report exported as CSV or XLSX, into the asker's DM"),
        ("app_mentions:read", "@CRM mentions in channels"),
        ("im:history", "commands sent to the bot in a direct message"),
        ("users:read", "users.info: who is asking"),
        ("users:read.email", "users.info's e-mail, which is how the CRM knows people"),
        ("links:read", "link_shared events for CRM customer links"),
        ("links:write", "chat.unfurl for those links"),
        ("channels:read", "conversations.info: the name of the channel a mention came from"),
    ];

    /// <summary>What Slack sends the bot; <c>app_uninstalled</c> and <c>tokens_revoked</c> stop a workspace's deliveries (no scope needed).</summary>
    public static readonly IReadOnlyList<string> BotEvents = ["app_mention", "message.im", "link_shared", "app_home_opened", "app_uninstalled", "tokens_revoked"];

    /// <summary>The manifest of an app Slack calls over HTTP at <paramref name="baseUrl"/>.</summary>
    public static JsonObject Build(string baseUrl, string unfurlDomain) => Build(baseUrl.TrimEnd('/'), unfurlDomain, socketMode: false);

    /// <summary>The manifest of an app in Socket Mode: no request URLs, <c>socket_mode_enabled</c>.</summary>
    public static JsonObject BuildForSocketMode(string unfurlDomain) => Build(null, unfurlDomain, socketMode: true);

    private static JsonObject Build(string? root, string unfurlDomain, bool socketMode)
    {
        var manifest = new JsonObject
        {
            ["display_information"] = new JsonObject
            {
                ["name"] = "CRM",
                ["description"] = "Look up, change and hand over customers without leaving Slack.",
                ["background_color"] = "#1d3557",
            },
            ["features"] = new JsonObject
            {
                ["app_home"] = new JsonObject { ["home_tab_enabled"] = true, ["messages_tab_enabled"] = true, ["messages_tab_read_only_enabled"] = false },
                ["bot_user"] = new JsonObject { ["display_name"] = "CRM", ["always_online"] = true },
                ["slash_commands"] = new JsonArray(new JsonObject
                {
                    ["command"] = "/crm",
                    ["url"] = root + SlackEndpoints.Commands,
                    ["description"] = "Find, show and change customers, deals, tickets and invoices",
                    ["usage_hint"] = "help | show acme | note acme Call went well | handoff acme to support",
                    ["should_escape"] = false,
                }),
                ["unfurl_domains"] = new JsonArray(unfurlDomain),
            },
            ["oauth_config"] = new JsonObject
            {
                // "Add to Slack" (GET /slack/install) comes back here.
                ["redirect_urls"] = new JsonArray(root + Install.SlackInstallEndpoints.Callback),
                ["scopes"] = new JsonObject { ["bot"] = new JsonArray(BotScopes.Select(s => (JsonNode)s.Scope).ToArray()) },
            },
            ["settings"] = new JsonObject
            {
                ["event_subscriptions"] = new JsonObject
                {
                    ["request_url"] = root + SlackEndpoints.Events,
                    ["bot_events"] = new JsonArray(BotEvents.Select(e => (JsonNode)e).ToArray()),
                },
                ["interactivity"] = new JsonObject { ["is_enabled"] = true, ["request_url"] = root + SlackEndpoints.Interactions },
                ["org_deploy_enabled"] = false,
                ["socket_mode_enabled"] = socketMode,
                ["token_rotation_enabled"] = false,
            },
        };
        if (socketMode)
        {
            // Over a socket Slack needs no address: a URL here would only be a second, unused way in.
            manifest["features"]!["slash_commands"]![0]!.AsObject().Remove("url");
            manifest["settings"]!["event_subscriptions"]!.AsObject().Remove("request_url");
            manifest["settings"]!["interactivity"]!.AsObject().Remove("request_url");
            // Nor an OAuth redirect: a Socket Mode app is installed from its settings page ("Install to Workspace").
            manifest["oauth_config"]!.AsObject().Remove("redirect_urls");
        }
        return manifest;
    }

    public static string ToText(JsonObject manifest) =>
        manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
