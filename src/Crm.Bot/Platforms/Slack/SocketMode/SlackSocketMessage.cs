using System.Text.Json;

namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// One message Slack sends over a Socket Mode connection (snake_case via SlackJson): <c>hello</c>, <c>disconnect</c>
/// with its reason, or an envelope (<c>events_api</c>, <c>slash_commands</c>, <c>interactive</c>) whose payload is what
/// the HTTP endpoint would have received as its verified body.
/// </summary>
internal sealed record SlackSocketMessage(
    string? Type,
    string? EnvelopeId,
    JsonElement Payload,
    bool? AcceptsResponsePayload,
    string? Reason,
    int? RetryAttempt,
    string? RetryReason);
