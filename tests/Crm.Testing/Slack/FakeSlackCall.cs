using System.Text.Json.Nodes;

namespace Crm.Testing.Slack;

/// <summary>One request the fake Slack received: the Web API method (or "response_url"), its auth header and JSON body.</summary>
public sealed record FakeSlackCall(string Method, string? Authorization, string? ContentType, JsonObject Body, DateTimeOffset At)
{
    public string? Str(string name) => Body[name]?.GetValue<string>();

    /// <summary>The bearer token the call carried.</summary>
    public string? Token => Authorization is { } a && a.StartsWith("Bearer ", StringComparison.Ordinal) ? a[7..] : null;
}
