using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Crm.Fakes.Faults;

/// <summary>
/// Sits in front of the fake Slack Web API and the fake Bot Connector: notes every post (a message
/// sent, updated or answered through a response_url) with its arrival time, refuses it when a fault
/// rule says so, and otherwise lets the fake answer. Other calls (users.info, tokens, Graph) pass untouched.
/// </summary>
public sealed class PostInterceptor(FaultBoard faults, PostJournal journal)
{
    private static readonly HashSet<string> SlackPosts = ["chat.postMessage", "chat.postEphemeral", "chat.update", "chat.delete"];

    public async Task SlackAsync(HttpContext http, RequestDelegate next)
    {
        var path = http.Request.Path.Value ?? "";
        string method, channel, key;
        JsonObject? body = null;
        if (path.StartsWith("/hooks/", StringComparison.Ordinal))
        {
            method = "response_url";
            key = path["/hooks/".Length..];
            channel = "hook:" + key;
            body = await ReadJsonAsync(http);
        }
        else if (path.StartsWith("/api/", StringComparison.Ordinal) && SlackPosts.Contains(path["/api/".Length..]))
        {
            method = path["/api/".Length..];
            body = await ReadJsonAsync(http);
            channel = body?["channel"]?.GetValue<string>() ?? "";
            // A mention is answered in its thread: the thread names the mention.
            key = body?["thread_ts"]?.GetValue<string>() ?? body?["ts"]?.GetValue<string>() ?? "";
        }
        else
        {
            await next(http);
            return;
        }
        await HandleAsync(http, next, "slack", method, channel, key, body?["text"]?.GetValue<string>(), FakeSlackBody);
    }

    public async Task TeamsAsync(HttpContext http, RequestDelegate next)
    {
        var segments = (http.Request.Path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // /v3/conversations/{conversation}/activities[/{activity}]
        if (segments.Length < 4 || segments[0] != "v3" || segments[1] != "conversations" || segments[3] != "activities")
        {
            await next(http);
            return;
        }
        var conversation = Uri.UnescapeDataString(segments[2]);
        var method = http.Request.Method == "PUT" ? "update" : segments.Length > 4 ? "reply" : "send";
        var body = await ReadJsonAsync(http);
        var text = body?["text"]?.GetValue<string>() ?? body?["summary"]?.GetValue<string>();
        await HandleAsync(http, next, "teams", method, conversation.Split(';')[0], conversation, text, TeamsBody);
    }

    private async Task HandleAsync(HttpContext http, RequestDelegate next, string platform, string method, string channel, string key, string? text, string refusalBody)
    {
        var arrived = DateTimeOffset.UtcNow;
        var seq = journal.NextSeq();
        var fault = faults.Match(platform, channel, arrived);
        int status;
        if (fault is null)
        {
            await next(http);
            status = http.Response.StatusCode;
        }
        else if (fault.Status == 0)
        {
            status = 0;
            http.Abort();
        }
        else
        {
            status = fault.Status;
            http.Response.StatusCode = fault.Status;
            if (fault.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString();
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(fault.Status == 429 && platform == "slack" ? FakeSlackRateLimited : refusalBody);
        }
        journal.Add(new ReceivedPost(seq, platform, method, channel, key, Clip(text), status, fault?.RetryAfterSeconds, arrived.ToUnixTimeMilliseconds() + arrived.Ticks % TimeSpan.TicksPerMillisecond / (double)TimeSpan.TicksPerMillisecond));
    }

    private const string FakeSlackRateLimited = """{"ok":false,"error":"ratelimited"}""";
    private const string FakeSlackBody = """{"ok":false,"error":"service_unavailable"}""";
    private const string TeamsBody = """{"error":{"code":"ServiceError","message":"Fault switched on by the test."}}""";

    private static string? Clip(string? text) => text is null ? null : text.Length <= 200 ? text : text[..200];

    /// <summary>Reads the JSON body and rewinds it, so the fake behind reads it again.</summary>
    private static async Task<JsonObject?> ReadJsonAsync(HttpContext http)
    {
        http.Request.EnableBuffering();
        try
        {
            var node = await JsonNode.ParseAsync(http.Request.Body);
            return node as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        finally
        {
            http.Request.Body.Position = 0;
        }
    }
}
