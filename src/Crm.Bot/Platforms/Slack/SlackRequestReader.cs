using Crm.Bot.Hosting.Logging;
using Microsoft.AspNetCore.Http.Features;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Reads the raw body (the signature covers its exact bytes) and verifies it before anything looks inside.</summary>
public sealed class SlackRequestReader(SlackSignatureVerifier verifier, PreAuthRejections rejections)
{
    /// <summary>Slack's payloads are small; anything bigger is not from Slack.</summary>
    public const int MaxBodyBytes = 1 << 20;

    /// <summary>
    /// The answer to a body over <see cref="MaxBodyBytes"/>: 413, before the signature is looked at
    /// (a signature over a body this size is never checked, so it says nothing about the secret).
    /// </summary>
    public static IResult TooLarge => Results.Problem(
        $"The request body is larger than {MaxBodyBytes} bytes; Slack never sends that much.", statusCode: StatusCodes.Status413PayloadTooLarge);

    /// <summary>The body, or null when it is larger than <see cref="MaxBodyBytes"/> (answer <see cref="TooLarge"/>).</summary>
    public async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes) return null;
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own body limit (set above) stopped the read first.
            return null;
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
