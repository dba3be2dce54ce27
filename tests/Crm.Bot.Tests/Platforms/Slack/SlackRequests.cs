using System.Text.Json.Nodes;
using Crm.Testing.Slack;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Genuinely signed Slack requests, shaped like the real ones.</summary>
internal static class SlackRequests
{
    public const string Form = "application/x-www-form-urlencoded";

    /// <param name="responseUrl">Always the fake Slack's hook: no test talks to the internet.</param>
    public static string CommandBody(string responseUrl, string text, string user = "U0AVA", string channel = "C0SALES", string channelName = "sales", string? trigger = null) =>
        SlackSigner.Form(
            ("token", "deprecated-verification-token"), ("team_id", "T0DEMO"), ("team_domain", "demo"),
            ("channel_id", channel), ("channel_name", channelName), ("user_id", user), ("user_name", user.ToLowerInvariant()),
            ("command", "/crm"), ("text", text), ("api_app_id", "A0CRM"),
            ("response_url", responseUrl),
            ("trigger_id", trigger ?? NewTrigger()));

    public static HttpRequestMessage Command(string body, string secret = SlackHost.Secret, long? timestamp = null) =>
        SlackSigner.Request("/slack/commands", body, Form, secret, timestamp);

    public static string EventBody(string eventId, JsonObject e) => new JsonObject
    {
        ["token"] = "x",
        ["team_id"] = "T0DEMO",
        ["api_app_id"] = "A0CRM",
        ["type"] = "event_callback",
        ["event_id"] = eventId,
        ["event_time"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["event"] = e,
        ["authorizations"] = new JsonArray(new JsonObject { ["team_id"] = "T0DEMO", ["user_id"] = "U0BOT", ["is_bot"] = true }),
    }.ToJsonString();

    public static HttpRequestMessage Event(string body, string secret = SlackHost.Secret) =>
        SlackSigner.Request("/slack/events", body, "application/json", secret);

    public static HttpRequestMessage Interaction(JsonObject payload, string secret = SlackHost.Secret) =>
        SlackSigner.Request("/slack/interactions", SlackSigner.Form(("payload", payload.ToJsonString())), Form, secret);

    public static string NewTrigger() => $"{Random.Shared.NextInt64(1_000_000, 9_999_999)}.{Random.Shared.NextInt64(1_000_000, 9_999_999)}.{Guid.NewGuid():N}";

    public static string NewEventId() => "Ev" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
}
