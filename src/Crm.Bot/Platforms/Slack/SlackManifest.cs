using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// The Slack app manifest: /crm, the events and interactivity URLs, and only the scopes the features
/// use. manifests/slack/manifest.json is this with the example base URL.
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

    public static readonly IReadOnlyList<string> BotEvents = ["app_mention", "message.im", "link_shared", "app_home_opened"];

    public static JsonObject Build(string baseUrl, string unfurlDomain)
    {
        var root = baseUrl.TrimEnd('/');
        return new JsonObject
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
                ["socket_mode_enabled"] = false,
                ["token_rotation_enabled"] = false,
            },
        };
    }

    public static string ToText(JsonObject manifest) =>
        manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
}
