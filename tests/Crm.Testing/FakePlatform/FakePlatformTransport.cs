using System.Net;
using System.Net.Http.Json;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Testing.FakePlatform;

/// <summary>
/// Delivers outbox messages to <see cref="FakePlatformServer"/> over HTTP, mapping its answers the
/// way the real transports do: 429 is transient with its Retry-After, 5xx transient, 404 permanent.
/// </summary>
public sealed class FakePlatformTransport(HttpClient http, Platform platform = Platform.Slack) : IMessageTransport
{
    public Platform Platform => platform;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/post/{Uri.EscapeDataString(message.Recipient)}")
        {
            Content = new StringContent(reply.FallbackText),
        };
        request.Headers.Add("X-Idempotency-Key", message.IdempotencyKey);
        using var response = await http.SendAsync(request, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.OK:
                var body = await response.Content.ReadFromJsonAsync<Posted>(cancellationToken);
                return DeliveryResult.Sent(body?.Id);
            case HttpStatusCode.TooManyRequests:
                return DeliveryResult.Transient("rate limited", response.Headers.RetryAfter?.Delta);
            case HttpStatusCode.NotFound:
                return DeliveryResult.Permanent("channel_not_found");
            default:
                return DeliveryResult.Transient($"HTTP {(int)response.StatusCode}");
        }
    }

    private sealed record Posted(bool Ok, string? Id);
}
