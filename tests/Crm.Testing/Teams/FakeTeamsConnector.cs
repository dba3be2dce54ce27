using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Crm.Testing.Teams;

/// <summary>
/// Stands in for the Bot Connector service (the activity's serviceUrl). Records every call with its
/// body and bearer token, checks the token was issued for the Bot Framework scope, and can be told
/// to answer with throttling or errors (429 with Retry-After, 403 MessageWritesBlocked, 404, 413).
/// </summary>
public sealed class FakeTeamsConnector : LoopbackServer
{
    public const string Scope = "https://api.botframework.com/.default";

    private readonly FakeEntraTokenEndpoint _tokens;
    private readonly ConcurrentQueue<ConnectorCall> _calls = new();
    private readonly ConcurrentQueue<CannedAnswer> _next = new();
    private readonly ConcurrentDictionary<string, CannedAnswer> _always = new();
    private readonly SemaphoreSlim _arrived = new(0);
    private int _ids;

    public sealed record ConnectorCall(string Method, string Path, string? ConversationId, string? ActivityId, JsonNode? Body, string? Token, int AnsweredWith, DateTimeOffset At);

    public sealed record CannedAnswer(int Status, string? Body = null, int? RetryAfterSeconds = null);

    private FakeTeamsConnector(FakeEntraTokenEndpoint tokens) => _tokens = tokens;

    public IReadOnlyList<ConnectorCall> Calls => _calls.ToList();

    public int CallCount => _calls.Count;

    /// <summary>
    /// False for load runs: calls are still checked, answered and counted, but their bodies are
    /// neither parsed nor kept (tens of thousands of cards would otherwise fill the load generator's memory).
    /// </summary>
    public bool KeepBodies { get; set; } = true;

    public static async Task<FakeTeamsConnector> StartNewAsync(FakeEntraTokenEndpoint tokens, Func<HttpContext, RequestDelegate, Task>? intercept = null)
    {
        var fake = new FakeTeamsConnector(tokens);
        await fake.StartAsync(intercept);
        return fake;
    }

    /// <summary>The next call(s) get this answer instead of success.</summary>
    public void AnswerNext(int status, string? body = null, int? retryAfterSeconds = null, int times = 1)
    {
        for (var i = 0; i < times; i++) _next.Enqueue(new CannedAnswer(status, body, retryAfterSeconds));
    }

    /// <summary>Every call into this conversation gets this answer (an uninstalled bot, a deleted chat).</summary>
    public void AnswerAlways(string conversationId, int status, string? body = null) => _always[conversationId] = new CannedAnswer(status, body);

    public static string MessageWritesBlocked => """{"error":{"code":"Forbidden","message":"The bot is not part of the conversation roster.","innerHttpError":{"statusCode":403,"subCode":"MessageWritesBlocked"}}}""";

    /// <summary>Waits until at least <paramref name="count"/> calls arrived (sends happen after the HTTP answer).</summary>
    public async Task<IReadOnlyList<ConnectorCall>> WaitForCallsAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (_calls.Count < count && DateTime.UtcNow < deadline)
            await _arrived.WaitAsync(TimeSpan.FromMilliseconds(100));
        return Calls;
    }

    protected override void Map(WebApplication app)
    {
        app.MapPost("/v3/conversations", (HttpRequest r) => Handle(r, null, null, "create"));
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpRequest r, string conversationId) => Handle(r, conversationId, null, "send"));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest r, string conversationId, string activityId) => Handle(r, conversationId, activityId, "reply"));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpRequest r, string conversationId, string activityId) => Handle(r, conversationId, activityId, "update"));
    }

    private async Task<IResult> Handle(HttpRequest request, string? conversationId, string? activityId, string kind)
    {
        JsonNode? body = null;
        if (KeepBodies)
            body = await JsonNode.ParseAsync(request.Body);
        else
            await request.Body.CopyToAsync(Stream.Null);
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        conversationId = conversationId is null ? null : Uri.UnescapeDataString(conversationId);
        activityId = activityId is null ? null : Uri.UnescapeDataString(activityId);

        CannedAnswer answer;
        if (!_tokens.Issued(token, Scope))
            answer = new CannedAnswer(401, """{"error":{"code":"Unauthorized","message":"Authorization has been denied for this request."}}""");
        else if (conversationId is not null && _always.TryGetValue(conversationId, out var always))
            answer = always;
        else if (_next.TryDequeue(out var next))
            answer = next;
        else
            answer = new CannedAnswer(kind == "create" ? 201 : 200);

        _calls.Enqueue(new ConnectorCall(request.Method, request.Path, conversationId, activityId, body, token, answer.Status, DateTimeOffset.UtcNow));
        _arrived.Release();
        if (answer.RetryAfterSeconds is { } seconds)
            request.HttpContext.Response.Headers.RetryAfter = seconds.ToString();
        if (answer.Status >= 300)
            return Results.Content(answer.Body ?? "{\"error\":{\"code\":\"Error" + answer.Status + "\",\"message\":\"Canned answer.\"}}", "application/json", statusCode: answer.Status);
        var id = kind == "create" ? $"a:new-personal-{Interlocked.Increment(ref _ids)}" : $"1{Interlocked.Increment(ref _ids):D12}";
        return Results.Json(new { id }, statusCode: answer.Status);
    }
}
