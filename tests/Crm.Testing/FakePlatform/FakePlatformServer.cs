using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Testing.FakePlatform;

/// <summary>
/// A chat platform on 127.0.0.1 that enforces one message per second per channel the way Slack
/// does: a post that arrives sooner than a second after the channel's previous accepted post gets
/// a real 429 with Retry-After. Tests can make a channel refuse for good (404) or fail for a while (503).
/// </summary>
public sealed class FakePlatformServer : IAsyncDisposable
{
    public static readonly TimeSpan PerChannelInterval = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakePost> _posts = new();
    private readonly Dictionary<string, long> _lastAccepted = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _gone = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private int _tooManyRequests;
    private long _nextId;

    private FakePlatformServer(WebApplication app) => _app = app;

    public Uri BaseAddress { get; private set; } = null!;
    public IReadOnlyList<FakePost> Posts => _posts.ToList();
    public int RateLimited => _tooManyRequests;

    public static async Task<FakePlatformServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakePlatformServer(builder.Build());
        server._app.MapPost("/api/post/{channel}", server.HandleAsync);
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>The channel answers 404 channel_not_found from now on (the bot was removed).</summary>
    public void Remove(string channel) => _gone[channel] = 0;

    public void Restore(string channel) => _gone.TryRemove(channel, out _);

    /// <summary>The next <paramref name="count"/> posts to the channel get 503 Service Unavailable.</summary>
    public void FailNext(string channel, int count) => _failures[channel] = count;

    private async Task<IResult> HandleAsync(string channel, HttpRequest request)
    {
        var arrived = Stopwatch.GetTimestamp();
        var key = request.Headers["X-Idempotency-Key"].ToString();
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();

        if (_gone.ContainsKey(channel))
            return Results.Json(new { ok = false, error = "channel_not_found" }, statusCode: (int)HttpStatusCode.NotFound);
        if (_failures.TryGetValue(channel, out var left) && left > 0)
        {
            _failures[channel] = left - 1;
            return Results.StatusCode((int)HttpStatusCode.ServiceUnavailable);
        }
        lock (_gate)
        {
            if (_lastAccepted.TryGetValue(channel, out var last) && Stopwatch.GetElapsedTime(last, arrived) < PerChannelInterval)
            {
                Interlocked.Increment(ref _tooManyRequests);
                var wait = PerChannelInterval - Stopwatch.GetElapsedTime(last, arrived);
                return new TooManyRequestsResult((int)Math.Ceiling(wait.TotalSeconds));
            }
            _lastAccepted[channel] = arrived;
        }
        var id = $"m{Interlocked.Increment(ref _nextId)}";
        _posts.Enqueue(new FakePost(id, channel, key, text, DateTimeOffset.UtcNow));
        return Results.Json(new { ok = true, id });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private sealed class TooManyRequestsResult(int retryAfterSeconds) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = retryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Task.CompletedTask;
        }
    }
}
