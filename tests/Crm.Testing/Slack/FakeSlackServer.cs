using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Testing.Slack;

/// <summary>
/// A stand-in for Slack's Web API and response_url hooks: a real HTTP server on 127.0.0.1 that
/// records every call and answers like Slack (or as scripted: 429 with Retry-After, ok:false, 5xx).
/// Knows the demo users (users.info reports their e-mails) and the demo channels.
/// </summary>
public sealed class FakeSlackServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeSlackCall> _calls = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeSlackAnswer>> _scripts = new();
    private long _ts = 1_700_000_000_000;

    private FakeSlackServer(WebApplication app) => _app = app;

    /// <summary>Slack user id → (e-mail or null when hidden, display name).</summary>
    public ConcurrentDictionary<string, (string? Email, string Name)> Users { get; } = new(
        DemoDirectory.Users.ToDictionary(u => u.SlackUserId, u => ((string?)u.Email, u.DisplayName)));

    /// <summary>Slack user id → the IANA zone users.info reports as <c>tz</c>; users not listed are in Europe/Berlin.</summary>
    public ConcurrentDictionary<string, string> TimeZones { get; } = new();

    public string BaseUrl { get; private set; } = "";
    public string ApiBaseUrl => BaseUrl + "api/";
    public string ResponseUrl(string id) => $"{BaseUrl}hooks/{id}";

    /// <summary>Installs through OAuth: the authorize page, oauth.v2.access and the tokens it issued.</summary>
    public FakeSlackOAuth OAuth { get; } = new();

    /// <summary>The fake's authorize page (for <c>Slack:AuthorizeUrl</c>).</summary>
    public string AuthorizeUrl => BaseUrl + "oauth/v2/authorize";

    public IReadOnlyList<FakeSlackCall> Calls => _calls.ToArray();
    public IReadOnlyList<FakeSlackCall> CallsTo(string method) => _calls.Where(c => c.Method == method).ToArray();

    /// <summary>
    /// What <c>apps.connections.open</c> answers with: a fresh Socket Mode URL (see <see cref="FakeSlackSocketServer.Attach"/>);
    /// while null it answers as Slack does for an app without Socket Mode.
    /// </summary>
    public Func<string>? SocketModeUrl { get; set; }

    /// <summary>Files uploaded through files.getUploadURLExternal and the upload URL: file id → (file name, bytes, channel it was shared into once completed).</summary>
    public ConcurrentDictionary<string, FakeSlackFile> Files { get; } = new();

    /// <summary>Delay added to every users.info answer (a slow directory).</summary>
    public TimeSpan UsersInfoDelay { get; set; }

    /// <param name="port">0 picks a free port; a fixed one lets a separately started host be pointed at it (benchmarks).</param>
    /// <param name="intercept">Runs before every call (the fakes process records and refuses posts with it); it calls the next step to let the fake answer.</param>
    public static async Task<FakeSlackServer> StartAsync(int port = 0, Func<HttpContext, RequestDelegate, Task>? intercept = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeSlackServer(app);
        if (intercept is not null) app.Use(intercept);
        app.MapPost("/api/{method}", (string method, HttpContext http) => server.HandleAsync(method, http));
        app.MapGet("/oauth/v2/authorize", (HttpContext http) => server.OAuth.Authorize(http));
        app.MapPost("/hooks/{id}", (string id, HttpContext http) => server.HandleAsync("response_url", http));
        app.MapPost("/upload/{fileId}", (string fileId, HttpContext http) => server.UploadAsync(fileId, http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = address.TrimEnd('/') + "/";
        return server;
    }

    /// <summary>The next call(s) to <paramref name="method"/> get these answers, in order, before normal service resumes.</summary>
    public void Script(string method, params FakeSlackAnswer[] answers)
    {
        var queue = _scripts.GetOrAdd(method, _ => new ConcurrentQueue<FakeSlackAnswer>());
        foreach (var answer in answers) queue.Enqueue(answer);
    }

    public void Clear()
    {
        _calls.Clear();
        _scripts.Clear();
    }

    /// <summary>Waits until at least <paramref name="count"/> calls to <paramref name="method"/> arrived.</summary>
    public async Task<IReadOnlyList<FakeSlackCall>> WaitForAsync(string method, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            var calls = CallsTo(method);
            if (calls.Count >= count) return calls;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Expected {count} call(s) to {method}; got {CallsTo(method).Count}. Calls: {string.Join(", ", Calls.Select(c => c.Method))}");
    }

    /// <summary>The upload URL: takes the bytes of a file named before (multipart "file" or the raw body), as Slack does.</summary>
    private async Task<IResult> UploadAsync(string fileId, HttpContext http)
    {
        if (!Files.TryGetValue(fileId, out var file)) return Results.NotFound();
        byte[] bytes;
        if (http.Request.HasFormContentType)
        {
            var form = await http.Request.ReadFormAsync();
            if (form.Files.GetFile("file") is not { } part) return Results.BadRequest();
            using var copy = new MemoryStream();
            await part.CopyToAsync(copy);
            bytes = copy.ToArray();
        }
        else
        {
            using var copy = new MemoryStream();
            await http.Request.Body.CopyToAsync(copy);
            bytes = copy.ToArray();
        }
        Files[fileId] = file with { Content = bytes };
        _calls.Enqueue(new FakeSlackCall("file_upload", http.Request.Headers.Authorization.ToString(), http.Request.ContentType,
            new JsonObject { ["file_id"] = fileId, ["length"] = bytes.Length }, DateTimeOffset.UtcNow));
        return Results.Text($"OK - {bytes.Length}");
    }

    private async Task<IResult> HandleAsync(string method, HttpContext http)
    {
        var text = await new StreamReader(http.Request.Body).ReadToEndAsync();
        // oauth.v2.access and auth.teams.list take a form, as Slack's do; every other method gets JSON.
        var body = http.Request.HasFormContentType ? FormBody(text) : JsonNode.Parse(text.Length == 0 ? "{}" : text) as JsonObject ?? [];
        _calls.Enqueue(new FakeSlackCall(method, http.Request.Headers.Authorization.ToString(), http.Request.ContentType, body, DateTimeOffset.UtcNow));

        if (_scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted))
        {
            if (scripted.Delay is { } delay) await Task.Delay(delay);
            if (scripted.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString();
            if (scripted.Body is not null) return Results.Json(scripted.Body, statusCode: scripted.Status);
        }
        if (method == "oauth.v2.access") return Results.Json(OAuth.Access(body));
        if (method != "response_url" && !http.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
            return Results.Json(new JsonObject { ["ok"] = false, ["error"] = "not_authed" });
        if (method == "apps.connections.open")
        {
            // Only an app-level token opens a socket; Slack refuses bot tokens for it.
            if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer xapp-", StringComparison.Ordinal))
                return Results.Json(new JsonObject { ["ok"] = false, ["error"] = "not_allowed_token_type" });
            return Results.Json(SocketModeUrl is { } url
                ? new JsonObject { ["ok"] = true, ["url"] = url() }
                : new JsonObject { ["ok"] = false, ["error"] = "socket_mode_not_enabled" });
        }
        if (method != "response_url" && OAuth.CheckToken(method, http.Request.Headers.Authorization.ToString()) is { } checkedToken && checkedToken.Count > 0)
            return Results.Json(checkedToken);
        if (method == "users.info" && UsersInfoDelay > TimeSpan.Zero) await Task.Delay(UsersInfoDelay);
        return method == "response_url" ? Results.Text("ok") : Results.Json(Normal(method, body));
    }

    private static JsonObject FormBody(string text)
    {
        var body = new JsonObject();
        foreach (var (key, value) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(text)) body[key] = value.ToString();
        return body;
    }

    private JsonObject Normal(string method, JsonObject body)
    {
        var ts = () => $"{Interlocked.Increment(ref _ts) / 1_000_000}.{Interlocked.Read(ref _ts) % 1_000_000:D6}";
        switch (method)
        {
            case "chat.postMessage":
            {
                var channel = body["channel"]?.GetValue<string>() ?? "";
                // Posting to a user id lands in the app's DM with them.
                var landed = channel.StartsWith('U') ? "D" + channel[1..] : channel;
                return new JsonObject { ["ok"] = true, ["channel"] = landed, ["ts"] = ts() };
            }
            case "files.getUploadURLExternal":
            {
                var name = body["filename"]?.GetValue<string>();
                if (string.IsNullOrEmpty(name) || !int.TryParse(body["length"]?.GetValue<string>(), out var length) || length <= 0)
                    return new JsonObject { ["ok"] = false, ["error"] = "invalid_arguments" };
                var id = "F" + ts().Replace(".", "");
                Files[id] = new FakeSlackFile(id, name, length, null, null);
                return new JsonObject { ["ok"] = true, ["upload_url"] = $"{BaseUrl}upload/{id}", ["file_id"] = id };
            }
            case "files.completeUploadExternal":
            {
                var listed = JsonNode.Parse(body["files"]?.GetValue<string>() ?? "[]")!.AsArray();
                var channel = body["channel_id"]?.GetValue<string>();
                foreach (var entry in listed)
                {
                    var id = entry!["id"]!.GetValue<string>();
                    // Slack completes only files whose bytes arrived, in the length announced.
                    if (!Files.TryGetValue(id, out var file) || file.Content is null || file.Content.Length != file.Length)
                        return new JsonObject { ["ok"] = false, ["error"] = "file_not_found" };
                    Files[id] = file with { Channel = channel };
                }
                return new JsonObject { ["ok"] = true, ["files"] = listed.DeepClone() };
            }
            case "chat.postEphemeral":
                return new JsonObject { ["ok"] = true, ["message_ts"] = ts() };
            case "chat.update":
                return new JsonObject { ["ok"] = true, ["channel"] = body["channel"]?.DeepClone(), ["ts"] = body["ts"]?.DeepClone() };
            case "views.open":
                return new JsonObject { ["ok"] = true, ["view"] = new JsonObject { ["id"] = "V" + ts().Replace(".", "") } };
            case "users.info":
            {
                var id = body["user"]?.GetValue<string>() ?? "";
                if (!Users.TryGetValue(id, out var user))
                    return new JsonObject { ["ok"] = false, ["error"] = "user_not_found" };
                var profile = new JsonObject { ["real_name"] = user.Name, ["display_name"] = user.Name.Split(' ')[0] };
                if (user.Email is not null) profile["email"] = user.Email;
                return new JsonObject
                {
                    ["ok"] = true,
                    ["user"] = new JsonObject { ["id"] = id, ["name"] = user.Name.Split(' ')[0].ToLowerInvariant(), ["deleted"] = false, ["is_bot"] = false, ["tz"] = TimeZones.GetValueOrDefault(id, "Europe/Berlin"), ["profile"] = profile },
                };
            }
            case "conversations.info":
            {
                var id = body["channel"]?.GetValue<string>() ?? "";
                var known = DemoDirectory.Channels.FirstOrDefault(c => c.Platform == Platform.Slack && c.ExternalId == id);
                return known is null
                    ? new JsonObject { ["ok"] = false, ["error"] = "channel_not_found" }
                    : new JsonObject { ["ok"] = true, ["channel"] = new JsonObject { ["id"] = id, ["name"] = known.Name } };
            }
            default:
                return new JsonObject { ["ok"] = true };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
