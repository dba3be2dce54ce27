using System.Text.Json;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// POST /slack/events: verify, answer url_verification, and ack every event at once; the event is
/// handled after the ack, once per event_id however often Slack retries it.
/// </summary>
public sealed class SlackEventHandler(SlackRequestReader reader, SlackBackgroundWork background, ILogger<SlackEventHandler> log)
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
        if (envelope.Type != "event_callback" || envelope.Event is null || string.IsNullOrEmpty(envelope.EventId) || string.IsNullOrEmpty(envelope.TeamId))
            return Results.Ok();

        if (http.Request.Headers.TryGetValue("X-Slack-Retry-Num", out var retry))
            log.LogInformation("Slack retry {Retry} of event {EventId} ({Reason})", retry.ToString(), envelope.EventId,
                http.Request.Headers["X-Slack-Retry-Reason"].ToString());

        background.Start($"event {envelope.Event.Type}", (services, ct) =>
            services.GetRequiredService<SlackEventRouter>().HandleAsync(envelope, ct));
        return Results.Ok();
    }
}
