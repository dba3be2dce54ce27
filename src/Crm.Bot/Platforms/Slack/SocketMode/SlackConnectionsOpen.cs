using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// <c>apps.connections.open</c> through <c>Slack:ApiBaseUrl</c> with the app-level token: the WebSocket URL of one
/// new Socket Mode connection. The URL carries a one-time ticket, so it is never logged.
/// </summary>
internal sealed class SlackConnectionsOpen(IHttpClientFactory clients, IOptions<SlackOptions> options)
{
    public const string ClientName = "slack-socket-mode";
    public const string Method = "apps.connections.open";

    public async Task<Uri> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(settings.ApiTimeoutMs));
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.ApiBase, Method))
        {
            Content = new FormUrlEncodedContent([]),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", settings.AppToken);

        string text;
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, timeout.Token);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new SlackApiException(Method, "ratelimited", isPermanent: false, response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            if (!response.IsSuccessStatusCode)
                throw new SlackApiException(Method, $"http_{(int)response.StatusCode}", isPermanent: (int)response.StatusCode < 500);
            text = await response.Content.ReadAsStringAsync(timeout.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SlackApiException(Method, "timeout", isPermanent: false, inner: e);
        }
        catch (HttpRequestException e)
        {
            throw new SlackApiException(Method, "connection_failed", isPermanent: false, inner: e);
        }

        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new SlackApiException(Method, "invalid_response", isPermanent: false, inner: e);
        }
        if (!root.TryGetProperty("ok", out var ok) || ok.ValueKind != JsonValueKind.True)
        {
            var error = root.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "unknown_error";
            throw new SlackApiException(Method, error, !SlackErrorCodes.IsTransient(error));
        }
        if (!root.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String ||
            !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var socket) || !IsAcceptable(socket))
            throw new SlackApiException(Method, "invalid_url (Slack answered without a wss:// URL)", isPermanent: false);
        return socket;
    }

    /// <summary>wss://, or plain ws:// for a loopback address only (test doubles), as for the Web API.</summary>
    internal static bool IsAcceptable(Uri socket) =>
        socket.Scheme == Uri.UriSchemeWss ||
        (socket.Scheme == Uri.UriSchemeWs && (socket.IsLoopback || (IPAddress.TryParse(socket.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))));
}
