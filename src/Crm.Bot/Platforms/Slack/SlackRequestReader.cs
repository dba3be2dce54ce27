using Crm.Bot.Hosting.Logging;
using Microsoft.AspNetCore.Http.Features;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Reads the raw body (the signature covers its exact bytes) and verifies it before anything looks inside.</summary>
public sealed class SlackRequestReader(SlackSignatureVerifier verifier, PreAuthRejections rejections)
{
    /// <summary>Slack's payloads are small; anything bigger is not from Slack.</summary>
    public const int MaxBodyBytes = 1 << 20;

    public async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    /// <summary>True when the request carries a valid, fresh Slack signature over <paramref name="body"/>.</summary>
    public bool IsAuthentic(HttpRequest request, byte[] body)
    {
        var result = verifier.Verify(
            request.Headers["X-Slack-Request-Timestamp"].FirstOrDefault(),
            request.Headers["X-Slack-Signature"].FirstOrDefault(),
            body);
        if (!result.IsValid)
            rejections.Record("Slack", $"{request.Path}: {result.Problem}");
        return result.IsValid;
    }
}
