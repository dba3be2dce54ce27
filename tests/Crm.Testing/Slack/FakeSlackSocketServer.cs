using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Crm.Testing.Teams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http;

namespace Crm.Testing.Slack;

/// <summary>
/// A stand-in for Slack's Socket Mode side: a real WebSocket server (Kestrel on 127.0.0.1) that speaks the protocol.
/// <see cref="FakeSlackServer"/> hands out its URLs from <c>apps.connections.open</c> (see <see cref="Attach"/>); each
/// connection gets <c>hello</c>, the test sends envelopes and <c>disconnect</c> messages or drops the socket, and every
/// ack the client sends back is recorded with the connection it came on.
/// </summary>
public sealed class FakeSlackSocketServer : LoopbackServer
{
    private readonly ConcurrentDictionary<int, Link> _links = new();
    private readonly ConcurrentQueue<SocketAck> _acks = new();
    private int _tickets;
    private int _opened;

    /// <summary>One ack as received: the connection it came on and its JSON.</summary>
    public sealed record SocketAck(int Connection, JsonObject Body);

    private sealed record Link(int Id, WebSocket Socket, HttpContext Http, SemaphoreSlim Sends);

    public static async Task<FakeSlackSocketServer> StartNewAsync()
    {
        var server = new FakeSlackSocketServer();
        await server.StartAsync();
        return server;
    }

    /// <summary>Makes <paramref name="slack"/>'s <c>apps.connections.open</c> answer with a fresh URL of this server, as Slack does.</summary>
    public void Attach(FakeSlackServer slack) => slack.SocketModeUrl = NextUrl;

    /// <summary>A URL with a ticket of its own, like the ones Slack hands out.</summary>
    public string NextUrl() => $"{BaseUrl.Replace("http://", "ws://", StringComparison.Ordinal)}/link/?ticket=t{Interlocked.Increment(ref _tickets)}&app_id=A0CRM";

    /// <summary>Connections accepted so far, open or not.</summary>
    public int Opened => Volatile.Read(ref _opened);

    /// <summary>The ids of the connections open now, oldest first.</summary>
    public IReadOnlyList<int> Open => _links.Keys.Order().ToList();

    public IReadOnlyList<SocketAck> Acks => _acks.ToArray();

    /// <summary>Waits until <paramref name="open"/> connections are open and at least <paramref name="opened"/> were ever accepted.</summary>
    public async Task<IReadOnlyList<int>> WaitForOpenAsync(int open, int opened = 0, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            if (Open.Count >= open && Opened >= opened) return Open;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Expected {open} open connection(s) and {opened} ever opened; {Open.Count} open, {Opened} opened.");
    }

    /// <summary>Waits for the acks of <paramref name="envelopeId"/> (at least <paramref name="count"/>).</summary>
    public async Task<IReadOnlyList<SocketAck>> WaitForAcksAsync(string envelopeId, int count = 1, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            var acks = AcksOf(envelopeId);
            if (acks.Count >= count) return acks;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Expected {count} ack(s) of {envelopeId}; got {AcksOf(envelopeId).Count}.");
    }

    public IReadOnlyList<SocketAck> AcksOf(string envelopeId) =>
        _acks.Where(a => a.Body["envelope_id"]?.GetValue<string>() == envelopeId).ToList();

    public Task SendAsync(int connection, JsonObject message) => SendAsync(_links[connection], message);

    /// <summary>Slack's <c>disconnect</c> message: <c>refresh_requested</c>, <c>warning</c> or <c>link_disabled</c>.</summary>
    public Task DisconnectAsync(int connection, string reason) => SendAsync(connection, new JsonObject
    {
        ["type"] = "disconnect",
        ["reason"] = reason,
        ["debug_info"] = new JsonObject { ["host"] = "fake-slack-socket" },
    });

    /// <summary>Cuts the TCP connection without a close handshake (a network failure).</summary>
    public void Drop(int connection)
    {
        if (_links.TryRemove(connection, out var link)) link.Http.Abort();
    }

    /// <summary>An envelope as Slack sends it over the socket.</summary>
    public static JsonObject Envelope(string type, JsonNode payload, bool acceptsResponsePayload, string? envelopeId = null) => new()
    {
        ["envelope_id"] = envelopeId ?? Guid.NewGuid().ToString(),
        ["payload"] = payload,
        ["type"] = type,
        ["accepts_response_payload"] = acceptsResponsePayload,
        ["retry_attempt"] = 0,
        ["retry_reason"] = "",
    };

    protected override void Map(WebApplication app)
    {
        app.UseWebSockets();
        app.Map("/link", ServeAsync);
    }

    private async Task ServeAsync(HttpContext http)
    {
        if (!http.WebSockets.IsWebSocketRequest || string.IsNullOrEmpty(http.Request.Query["ticket"]))
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        var link = new Link(Interlocked.Increment(ref _opened), socket, http, new SemaphoreSlim(1, 1));
        _links[link.Id] = link;
        try
        {
            await SendAsync(link, new JsonObject
            {
                ["type"] = "hello",
                ["num_connections"] = _links.Count,
                ["debug_info"] = new JsonObject { ["host"] = "fake-slack-socket", ["approximate_connection_time"] = 18060 },
                ["connection_info"] = new JsonObject { ["app_id"] = "A0CRM" },
            });
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, http.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
                    break;
                }
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                if (JsonNode.Parse(Encoding.UTF8.GetString(message.ToArray())) is JsonObject ack)
                    _acks.Enqueue(new SocketAck(link.Id, ack));
                message.SetLength(0);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException or ConnectionAbortedException)
        {
        }
        finally
        {
            _links.TryRemove(link.Id, out _);
        }
    }

    private static async Task SendAsync(Link link, JsonObject message)
    {
        await link.Sends.WaitAsync();
        try
        {
            await link.Socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        }
        finally
        {
            link.Sends.Release();
        }
    }
}
