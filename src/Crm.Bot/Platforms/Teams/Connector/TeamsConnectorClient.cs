using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Bot Connector REST API: send, reply, update and create conversation, with a cached
/// client-credentials token, and only to trusted service URLs. Sends are paced by their caller
/// (Crm.Jobs' ChannelPacer), not here.
/// Throttling (429, 412) and passing gateway errors are retried by <see cref="TeamsConnectorRetryHandler"/>.
/// </summary>
internal sealed class TeamsConnectorClient(
    IHttpClientFactory httpClients,
    EntraTokenProvider tokens,
    IOptions<TeamsOptions> options,
    TeamsServiceUrlRegistry trusted,
    ILogger<TeamsConnectorClient> logger)
{
    public const string HttpClientName = "teams-connector";

    public Task<ConnectorResult> SendAsync(string serviceUrl, string conversationId, TeamsCardMessage message, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities",
            w => message.WriteTo(w), cancellationToken);

    public Task<ConnectorResult> ReplyAsync(string serviceUrl, string conversationId, string replyToId, TeamsCardMessage message, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(replyToId)}",
            w => message.WriteTo(w, replyToId: replyToId), cancellationToken);

    public Task<ConnectorResult> UpdateAsync(string serviceUrl, string conversationId, string activityId, TeamsCardMessage message, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Put, serviceUrl, $"v3/conversations/{Escape(conversationId)}/activities/{Escape(activityId)}",
            w => message.WriteTo(w, id: activityId), cancellationToken);

    /// <summary>Opens a 1:1 chat with a user (<paramref name="userId"/> is their 29:… id); the result's Id is the conversation id.</summary>
    public Task<ConnectorResult> CreatePersonalConversationAsync(string serviceUrl, string tenantId, string botId, string userId, CancellationToken cancellationToken) =>
        CallAsync(HttpMethod.Post, serviceUrl, "v3/conversations", w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("isGroup", false);
            w.WriteStartObject("bot");
            w.WriteString("id", botId);
            w.WriteEndObject();
            w.WriteStartArray("members");
            w.WriteStartObject();
            w.WriteString("id", userId);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("tenantId", tenantId);
            w.WriteStartObject("channelData");
            w.WriteStartObject("tenant");
            w.WriteString("id", tenantId);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }, cancellationToken);

    private async Task<ConnectorResult> CallAsync(HttpMethod method, string serviceUrl, string path, Action<Utf8JsonWriter> writeBody, CancellationToken cancellationToken)
    {
        if (!trusted.IsTrusted(serviceUrl) || !TeamsUrlRules.IsAcceptable(serviceUrl))
            return new ConnectorResult(ConnectorOutcome.Failed, Error: $"Service URL {serviceUrl} was not learnt from an authenticated activity; nothing was sent.");

        var credentials = Credentials(options.Value);
        string token;
        try
        {
            token = await tokens.GetTokenAsync(credentials, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new ConnectorResult(ConnectorOutcome.Transient, Error: e.Message);
        }

        using var request = new HttpRequestMessage(method, new Uri(BaseUri(serviceUrl), path))
        {
            Content = new ByteArrayContent(CardJson.Bytes(writeBody)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json", "utf-8") } },
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            return Interpret(response, body, credentials);
        }
        catch (HttpRequestException e)
        {
            return new ConnectorResult(ConnectorOutcome.Transient, Error: $"Bot Connector unreachable: {e.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConnectorResult(ConnectorOutcome.Transient, Error: "Bot Connector timed out.");
        }
    }

    private ConnectorResult Interpret(HttpResponseMessage response, byte[] body, ClientCredentials credentials)
    {
        var status = (int)response.StatusCode;
        if (response.IsSuccessStatusCode)
            return new ConnectorResult(ConnectorOutcome.Sent, ReadId(body));

        var text = Encoding.UTF8.GetString(body);
        var (code, message) = ReadError(text);
        var error = $"Bot Connector answered {status}{(code is null ? "" : " " + code)}{(message is null ? "" : ": " + message)}";
        logger.LogWarning("{Error}", error);
        switch (response.StatusCode)
        {
            case HttpStatusCode.Forbidden when string.Equals(code, "MessageWritesBlocked", StringComparison.OrdinalIgnoreCase)
                                            || text.Contains("MessageWritesBlocked", StringComparison.OrdinalIgnoreCase):
            case HttpStatusCode.NotFound:
                return new ConnectorResult(ConnectorOutcome.Unreachable, Error: error);
            case HttpStatusCode.RequestEntityTooLarge:
                return new ConnectorResult(ConnectorOutcome.TooLarge, Error: error);
            case HttpStatusCode.Unauthorized:
                tokens.Forget(credentials);
                return new ConnectorResult(ConnectorOutcome.Transient, Error: error);
            case HttpStatusCode.TooManyRequests or HttpStatusCode.PreconditionFailed or HttpStatusCode.RequestTimeout:
            case >= HttpStatusCode.InternalServerError:
                return new ConnectorResult(ConnectorOutcome.Transient, Error: error, RetryAfter: ShortWaitRetryHandler.RetryAfter(response));
            default:
                return new ConnectorResult(ConnectorOutcome.Failed, Error: error);
        }
    }

    internal static ClientCredentials Credentials(TeamsOptions settings) =>
        new(settings.TokenAuthority, settings.AuthorityTenant, settings.AppId ?? "", settings.AppPassword ?? "", settings.ConnectorScope);

    private static string? ReadId(byte[] body)
    {
        if (body.AsSpan().Trim(" \t\r\n"u8).IsEmpty) return null;
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("id", out var id) ? id.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static (string? Code, string? Message) ReadError(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            if (json.RootElement.ValueKind != JsonValueKind.Object || !json.RootElement.TryGetProperty("error", out var error))
                return (null, null);
            var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
            var message = error.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (error.TryGetProperty("innerHttpError", out var inner) && inner.TryGetProperty("subCode", out var sub))
                code = sub.GetString() ?? code;
            if (error.TryGetProperty("subCode", out var sub2))
                code = sub2.GetString() ?? code;
            return (code, message);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static string Escape(string id) => Uri.EscapeDataString(id);

    /// <summary>Service URLs are few (one per region) and every answer needs one as a base address.</summary>
    private static readonly ConcurrentDictionary<string, Uri> BaseUris = new(StringComparer.Ordinal);

    private static Uri BaseUri(string serviceUrl) => BaseUris.GetOrAdd(serviceUrl, url => new Uri(url.TrimEnd('/') + "/"));
}
