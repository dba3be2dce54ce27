using System.Text.Json;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// POST /slack/events: verify, answer url_verification, and store what an event implies before the
/// 200 (Slack never sends an acknowledged event again); when that cannot be stored, answer 503 so
/// Slack retries. Sending, unfurling and publishing follow the 200, once per event_id however often
/// Slack retries it. Socket Mode runs the same steps after the signature check (<see cref="HandleVerifiedAsync"/>).
/// </summary>
public sealed class SlackEventHandler(SlackRequestReader reader, SlackBackgroundWork background, IHostApplicationLifetime lifetime,
    ILogger<SlackEventHandler> log)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var body = await reader.ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null) return SlackRequestReader.TooLarge;
        if (!reader.IsAuthentic(http.Request, body)) return Results.Unauthorized();

        SlackEventEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<SlackEventEnvelope>(body, SlackJson.Options);
        }
        catch (JsonException)
        {
            return Results.BadRequest("The body is not an Events API JSON payload.");
        }
        if (envelope is null) return Results.BadRequest("The body is empty.");

        if (envelope.Type == "url_verification")
            return Results.Json(new { challenge = envelope.Challenge ?? "" });

        if (http.Request.Headers.TryGetValue("X-Slack-Retry-Num", out var retry))
            log.LogInformation("Slack retry {Retry} of event {EventId} ({Reason})", retry.ToString(), envelope.EventId,
                http.Request.Headers["X-Slack-Retry-Reason"].ToString());
        return (await HandleVerifiedAsync(envelope, http.RequestServices)).ToResult();
    }

    /// <summary>
    /// Everything after the signature check, shared by <c>/slack/events</c> and Socket Mode: stores what the
    /// event implies and starts what follows; <see cref="SlackAck.Unavailable"/> when it could not be stored.
    /// </summary>
    internal async Task<SlackAck> HandleVerifiedAsync(SlackEventEnvelope envelope, IServiceProvider services)
    {
        if (envelope.Type != "event_callback" || envelope.Event is null || string.IsNullOrEmpty(envelope.EventId) || string.IsNullOrEmpty(envelope.TeamId))
            return SlackAck.Ok;

        Func<IServiceProvider, CancellationToken, Task>? after;
        try
        {
            // Not cut off when Slack stops waiting: a late store is still a store, and the retry finds it.
            after = await services.GetRequiredService<SlackEventRouter>().AcceptAsync(envelope, lifetime.ApplicationStopping);
        }
        catch (Exception e)
        {
            log.LogError(e, "Slack event {EventId} could not be stored; Slack is asked to send it again", envelope.EventId);
            return SlackAck.Unavailable;
        }
        if (after is not null) background.Start($"event {envelope.Event.Type}", after);
        return SlackAck.Ok;
    }
}
