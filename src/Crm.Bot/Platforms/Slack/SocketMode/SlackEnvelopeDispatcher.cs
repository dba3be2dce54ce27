using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Primitives;

namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// Runs one Socket Mode envelope through the same handler the HTTP endpoint runs after its signature check
/// (Slack authenticated the socket itself), in a scope of its own, and builds the ack: the envelope id, plus the
/// handler's answer as <c>payload</c> where the HTTP path would have put it in its response body.
/// </summary>
internal sealed class SlackEnvelopeDispatcher(IServiceScopeFactory scopes, ILogger<SlackEnvelopeDispatcher> log)
{
    /// <summary>The ack to send, or null when Slack must send the envelope again (what it implies could not be stored).</summary>
    public async Task<JsonObject?> HandleAsync(SlackSocketMessage message, CancellationToken cancellationToken)
    {
        if (message.RetryAttempt is > 0)
            log.LogInformation("Slack retry {Retry} of envelope {EnvelopeId} ({Reason})", message.RetryAttempt, message.EnvelopeId, message.RetryReason);
        SlackAck ack;
        try
        {
            ack = await RunAsync(message, cancellationToken);
        }
        catch (JsonException)
        {
            ack = SlackAck.BadRequest("The envelope's payload is not what its type promises.");
        }
        if (!ack.Stored) return null;
        if (ack.Problem is not null)
            log.LogWarning("Slack {Type} envelope {EnvelopeId} refused: {Problem}", message.Type, message.EnvelopeId, ack.Problem);
        return AckFor(message.EnvelopeId!, ack, message.AcceptsResponsePayload ?? true);
    }

    internal static JsonObject AckFor(string envelopeId, SlackAck ack, bool acceptsPayload)
    {
        var json = new JsonObject { ["envelope_id"] = envelopeId };
        if (acceptsPayload && ack.Body is { } body) json["payload"] = body.DeepClone();
        return json;
    }

    private async Task<SlackAck> RunAsync(SlackSocketMessage message, CancellationToken cancellationToken)
    {
        if (message.Payload.ValueKind != JsonValueKind.Object) return SlackAck.BadRequest("The envelope has no payload object.");
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        switch (message.Type)
        {
            case "events_api":
            {
                var envelope = message.Payload.Deserialize<SlackEventEnvelope>(SlackJson.Options);
                if (envelope is null) return SlackAck.BadRequest("The body is empty.");
                return await services.GetRequiredService<SlackEventHandler>().HandleVerifiedAsync(envelope, services);
            }
            case "slash_commands":
                return await services.GetRequiredService<SlackCommandHandler>().HandleVerifiedAsync(Form(message.Payload), cancellationToken);
            case "interactive":
                return await services.GetRequiredService<SlackInteractionHandler>()
                    .HandleVerifiedAsync(message.Payload.Deserialize<SlackInteraction>(SlackJson.Options), cancellationToken);
            default:
                // Slack may add envelope types; acknowledging them stops redelivery of what the bot does not use.
                return SlackAck.Ok;
        }
    }

    /// <summary>A slash command arrives as a JSON object of the fields the HTTP path gets as a form.</summary>
    private static Dictionary<string, StringValues> Form(JsonElement payload)
    {
        var form = new Dictionary<string, StringValues>(StringComparer.Ordinal);
        foreach (var field in payload.EnumerateObject())
            form[field.Name] = field.Value.ValueKind == JsonValueKind.String ? field.Value.GetString() : field.Value.GetRawText();
        return form;
    }
}
