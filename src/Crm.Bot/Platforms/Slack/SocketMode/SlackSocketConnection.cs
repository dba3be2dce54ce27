using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// One Socket Mode connection, kept open for the life of the host: open a URL with <c>apps.connections.open</c>,
/// connect, read Slack's messages and ack each envelope with what its handler answered. A <c>disconnect</c> asking
/// for a refresh (or warning of one) is followed at once by a new connection; a dropped socket or a failed open by
/// one after <see cref="SocketModeBackoff"/>; <c>link_disabled</c> (Socket Mode turned off for the app) ends it.
/// </summary>
internal sealed class SlackSocketConnection(
    int slot,
    SlackConnectionsOpen opener,
    SlackEnvelopeDispatcher dispatcher,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger log)
{
    /// <summary>How long acks still owed may take before a socket closes (Slack waits 3 s for each).</summary>
    private static readonly TimeSpan AckGrace = TimeSpan.FromSeconds(3);

    private readonly ConcurrentDictionary<Task, byte> _inFlight = new();

    private enum Ending
    {
        Refresh,
        Dropped,
        Stop,
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            Ending ending;
            TimeSpan? retryAfter = null;
            try
            {
                var url = await opener.OpenAsync(stopping);
                ending = await ServeAsync(url, () => failures = 0, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (SlackApiException e)
            {
                // The error code only: the app token is in no message.
                log.LogWarning("Slack Socket Mode connection {Slot}: {Method} failed ({Error})", slot, e.Method, e.Error);
                (ending, retryAfter) = (Ending.Dropped, e.RetryAfter);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or IOException or OperationCanceledException)
            {
                // Never the URL: its query holds the connection's ticket.
                log.LogWarning("Slack Socket Mode connection {Slot} dropped: {Error}", slot, e.GetType().Name);
                ending = Ending.Dropped;
            }

            if (ending == Ending.Stop) break;
            if (ending == Ending.Refresh) continue;
            failures++;
            var wait = retryAfter ?? SocketModeBackoff.Delay(failures, Random.Shared);
            log.LogInformation("Slack Socket Mode connection {Slot} reconnects in {Wait} (failure {Failures} in a row)", slot, wait, failures);
            try
            {
                await Task.Delay(wait, time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        await DrainAsync(TimeSpan.FromSeconds(10));
    }

    private async Task<Ending> ServeAsync(Uri url, Action connected, CancellationToken stopping)
    {
        using var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
        socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(15);
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connectTimeout.CancelAfter(TimeSpan.FromMilliseconds(options.Value.ApiTimeoutMs));
            await socket.ConnectAsync(url, connectTimeout.Token);
        }
        var sends = new SemaphoreSlim(1, 1);
        // A receive is never cancelled (that would abort the socket before owed acks are sent); stopping is awaited beside it.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = stopping.Register(() => stopped.TrySetResult());
        while (true)
        {
            var receive = ReceiveAsync(socket);
            if (await Task.WhenAny(receive, stopped.Task) == stopped.Task)
            {
                // The pending receive ends when the socket is closed or disposed; its failure then says nothing.
                _ = receive.ContinueWith(t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                await CloseAsync(socket, "the host is stopping");
                return Ending.Stop;
            }
            var text = await receive;
            if (text is null)
            {
                log.LogInformation("Slack Socket Mode connection {Slot} was closed by Slack", slot);
                return Ending.Dropped;
            }

            SlackSocketMessage? message;
            try
            {
                message = JsonSerializer.Deserialize<SlackSocketMessage>(text, SlackJson.Options);
            }
            catch (JsonException)
            {
                log.LogWarning("Slack Socket Mode connection {Slot} received a message that is not JSON", slot);
                continue;
            }
            switch (message?.Type)
            {
                case "hello":
                    connected();
                    log.LogInformation("Slack Socket Mode connection {Slot} is open", slot);
                    break;
                case "disconnect" when message.Reason == "link_disabled":
                    log.LogError("Slack turned Socket Mode off for this app (link_disabled): connection {Slot} stops. " +
                                 "Turn Socket Mode on again in the app's settings and restart the host.", slot);
                    await CloseAsync(socket, "link disabled");
                    return Ending.Stop;
                case "disconnect":
                    log.LogInformation("Slack asked Socket Mode connection {Slot} to reconnect ({Reason})", slot, message.Reason);
                    await CloseAsync(socket, "reconnecting");
                    return Ending.Refresh;
                default:
                    if (!string.IsNullOrEmpty(message?.EnvelopeId))
                        Track(AnswerAsync(socket, sends, message, stopping));
                    break;
            }
        }
    }

    /// <summary>Runs one envelope and sends its ack on the socket it came on; the work itself is not tied to the socket.</summary>
    private async Task AnswerAsync(ClientWebSocket socket, SemaphoreSlim sends, SlackSocketMessage message, CancellationToken stopping)
    {
        JsonObject? ack;
        try
        {
            ack = await dispatcher.HandleAsync(message, stopping);
        }
        catch (Exception e)
        {
            log.LogError(e, "Slack {Type} envelope {EnvelopeId} failed; it is not acked, so Slack sends it again", message.Type, message.EnvelopeId);
            return;
        }
        if (ack is null) return;

        var bytes = JsonSerializer.SerializeToUtf8Bytes(ack);
        await sends.WaitAsync(CancellationToken.None);
        try
        {
            using var timeout = new CancellationTokenSource(AckGrace);
            await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            // Handled once whatever happens next: Slack sends an unacked envelope again, and its delivery key was claimed.
            log.LogInformation("The ack of Slack envelope {EnvelopeId} was lost with connection {Slot}; Slack will send it again", message.EnvelopeId, slot);
        }
        finally
        {
            sends.Release();
        }
    }

    /// <summary>The next text message, or null when Slack closed the socket. Over 1 MiB is not Slack's: the socket is dropped.</summary>
    private static async Task<string?> ReceiveAsync(ClientWebSocket socket)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(chunk, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close) return null;
            if (buffer.Length + result.Count > SlackRequestReader.MaxBodyBytes)
                throw new WebSocketException(WebSocketError.InvalidMessageType, "A Socket Mode message larger than Slack ever sends.");
            buffer.Write(chunk, 0, result.Count);
            if (result.EndOfMessage)
                return result.MessageType == WebSocketMessageType.Text ? System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length) : "";
        }
    }

    /// <summary>Lets owed acks go out (up to Slack's 3 s), then closes politely; a socket that will not close is dropped.</summary>
    private async Task CloseAsync(ClientWebSocket socket, string why)
    {
        await DrainAsync(AckGrace);
        try
        {
            using var timeout = new CancellationTokenSource(AckGrace);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, why, timeout.Token);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    private void Track(Task work)
    {
        _inFlight[work] = 0;
        _ = work.ContinueWith(t => _inFlight.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task DrainAsync(TimeSpan grace)
    {
        try
        {
            await Task.WhenAll(_inFlight.Keys).WaitAsync(grace);
        }
        catch (TimeoutException)
        {
        }
    }
}
