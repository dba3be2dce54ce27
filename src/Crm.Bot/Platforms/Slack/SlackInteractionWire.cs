using System.Text.Json;

namespace Crm.Bot.Platforms.Slack;

// Interactivity wire types (the JSON inside the form field "payload"): only the fields the bot reads.

internal sealed record SlackInteraction(
    string Type,
    SlackIdRef? User,
    SlackIdRef? Team,
    SlackIdRef? Channel,
    string? TriggerId,
    string? ResponseUrl,
    IReadOnlyList<SlackAction>? Actions,
    SlackView? View);

internal sealed record SlackIdRef(string Id, string? Name, string? TeamId);

internal sealed record SlackAction(string ActionId, string? BlockId, string? Value);

internal sealed record SlackView(string? Id, string? CallbackId, string? PrivateMetadata, SlackViewState? State);

internal sealed record SlackViewState(Dictionary<string, Dictionary<string, JsonElement>>? Values);
