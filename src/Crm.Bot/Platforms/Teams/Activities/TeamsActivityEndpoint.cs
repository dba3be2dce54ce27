using System.Text.Json;
using Crm.Bot.Hosting.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// <c>POST /api/messages</c>: only Microsoft Teams is heard here. Verify that the activity comes from
/// the Teams channel, the Bot Framework token, the tenant and who is speaking, then hand the activity
/// on. Anything that fails gets 401 (no valid token, tenant not allowed) or 403 (another channel, no
/// Entra ID object), and nothing runs, is stored or is sent. A body that is no activity at all is
/// answered first, whatever the token and the configuration: 413 over 1 MB, 400 when it cannot be read
/// (as the Bot Framework SDK does). Those answers depend only on the caller's own bytes, so they tell
/// nothing about the token, the tenant or the host; everything about tokens stays 401.
/// </summary>
internal static class TeamsActivityEndpoint
{
    public const string Route = "/api/messages";
    /// <summary>
    /// The one Bot Framework channel let in. Web Chat, Direct Line and the Emulator let the caller write
    /// from.id and channelData as they please, so an activity from them proves nothing about a person.
    /// </summary>
    public const string TeamsChannelId = "msteams";
    private const int MaxBodyBytes = 1024 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<TeamsOptions> options,
        BotFrameworkTokenValidator validator,
        TeamsServiceUrlRegistry trusted,
        TeamsActivityHandler handler,
        IHostApplicationLifetime lifetime)
    {
        var (activity, tooLarge) = await ReadAsync(http);
        if (tooLarge)
            return Results.Problem($"The request body is larger than {MaxBodyBytes} bytes; Teams never sends that much.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (activity is null)
            return Results.Problem("The body is not a Bot Framework activity (a JSON object).", statusCode: StatusCodes.Status400BadRequest);
        if (!options.Value.IsConfigured)
            return Results.Unauthorized();
        // Compared exactly: Teams always says "msteams", and a look-alike is someone else.
        if (!string.Equals(activity.ChannelId, TeamsChannelId, StringComparison.Ordinal))
        {
            PreAuthRejections.Of(http).Record("Teams", $"Bot Framework channel {activity.ChannelId ?? "(none)"} is not msteams");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        var check = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString(), activity.ChannelId, activity.ServiceUrl, http.RequestAborted);
        if (!check.IsValid)
        {
            PreAuthRejections.Of(http).Record("Teams", check.Problem);
            return Results.Unauthorized();
        }
        if (!activity.TenantsAgree)
        {
            PreAuthRejections.Of(http).Record("Teams", "channelData.tenant.id and conversation.tenantId differ");
            return Results.Unauthorized();
        }
        if (activity.TenantId is not { } tenant || !options.Value.EffectiveAllowedTenants.Contains(tenant))
        {
            PreAuthRejections.Of(http).Record("Teams", $"tenant {activity.TenantId} is not in Teams:AllowedTenants");
            return Results.Unauthorized();
        }
        // A person is their Entra ID object id; from.id and names are labels. Without it nobody can be
        // told apart, so commands (messages, card clicks) are not run for such an activity.
        if (activity.Type is "message" or "invoke" && !Guid.TryParse(activity.From?.AadObjectId, out _))
        {
            PreAuthRejections.Of(http).Record("Teams", $"{activity.Type} activity without a from.aadObjectId");
            return Results.StatusCode(StatusCodes.Status403Forbidden);
        }

        trusted.Trust(activity.ServiceUrl!);
        return await handler.HandleAsync(activity, lifetime);
    }

    /// <summary>The activity in the body (null when it is not one), or that it is too large; read into a pooled buffer.</summary>
    private static async Task<(TeamsActivity? Activity, bool TooLarge)> ReadAsync(HttpContext http)
    {
        var declared = http.Request.ContentLength;
        if (declared > MaxBodyBytes)
            return (null, true);
        using var body = new PooledUtf8Buffer(declared is > 0 ? (int)declared + 1 : 16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(body.GetMemory(), http.RequestAborted)) > 0)
            {
                body.Advance(read);
                if (body.WrittenCount > MaxBodyBytes) return (null, true);
            }
            return (JsonSerializer.Deserialize<TeamsActivity>(body.WrittenSpan, TeamsJson.Options), false);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own body limit stopped the read first.
            return (null, true);
        }
        catch (JsonException)
        {
            return (null, false);
        }
    }
}
