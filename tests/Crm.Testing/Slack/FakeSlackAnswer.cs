using System.Text.Json.Nodes;

namespace Crm.Testing.Slack;

/// <summary>A scripted answer: an HTTP status, an optional Retry-After, and a JSON body (null: the method's normal answer).</summary>
public sealed record FakeSlackAnswer(int Status, JsonObject? Body = null, int? RetryAfterSeconds = null, TimeSpan? Delay = null)
{
    public static FakeSlackAnswer RateLimited(int retryAfterSeconds) =>
        new(429, new JsonObject { ["ok"] = false, ["error"] = "ratelimited" }, retryAfterSeconds);

    public static FakeSlackAnswer Error(string code) => new(200, new JsonObject { ["ok"] = false, ["error"] = code });

    public static FakeSlackAnswer ServerError(int status = 503) => new(status, new JsonObject { ["ok"] = false, ["error"] = "service_unavailable" });

    public static FakeSlackAnswer Slow(TimeSpan delay) => new(200, null, null, delay);
}
