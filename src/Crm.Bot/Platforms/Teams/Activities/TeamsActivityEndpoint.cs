using System.Text.Json;
using Crm.Bot.Hosting.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// <c>POST /api/messages</c>: verify the Bot Framework token, then the tenant, then hand the activity
/// on. Anything that fails verification gets 401 and changes nothing.
/// </summary>
internal static class TeamsActivityEndpoint
{
    public const string Route = "/api/messages";
    private const int MaxBodyBytes = 1024 * 1024;

    public static async Task<IResult> HandleAsync(
        HttpContext http,
        IOptions<TeamsOptions> options,
        BotFrameworkTokenValidator validator,
        TeamsServiceUrlRegistry trusted,
        TeamsActivityHandler handler,
        IHostApplicationLifetime lifetime,
        ILogger<TeamsActivityHandler> logger)
    {
        if (!options.Value.IsConfigured)
            return Results.Unauthorized();

        var activity = await ReadAsync(http);
        if (activity is null)
            return Results.Unauthorized();

        var check = await validator.ValidateAsync(http.Request.Headers.Authorization.ToString(), activity.ChannelId, activity.ServiceUrl, http.RequestAborted);
        if (!check.IsValid)
        {
            PreAuthRejections.Of(http).Record("Teams", check.Problem);
            return Results.Unauthorized();
        }
        if (activity.TenantId is not { } tenant || !options.Value.EffectiveAllowedTenants.Contains(tenant))
        {
            PreAuthRejections.Of(http).Record("Teams", $"tenant {activity.TenantId} is not in Teams:AllowedTenants");
            return Results.Unauthorized();
        }

        trusted.Trust(activity.ServiceUrl!);
        return await handler.HandleAsync(activity, lifetime);
    }

    /// <summary>The activity in the body, or null when it is too large or not an activity; read into a pooled buffer.</summary>
    private static async Task<TeamsActivity?> ReadAsync(HttpContext http)
    {
        var declared = http.Request.ContentLength;
        if (declared > MaxBodyBytes)
            return null;
        using var body = new PooledUtf8Buffer(declared is > 0 ? (int)declared + 1 : 16 * 1024);
        try
        {
            int read;
            while ((read = await http.Request.Body.ReadAsync(body.GetMemory(), http.RequestAborted)) > 0)
            {
                body.Advance(read);
                if (body.WrittenCount > MaxBodyBytes) return null;
            }
            return JsonSerializer.Deserialize<TeamsActivity>(body.WrittenSpan, TeamsJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
