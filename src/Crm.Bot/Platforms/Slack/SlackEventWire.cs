namespace Crm.Bot.Platforms.Slack;

// Events API wire types: only the fields the bot reads (snake_case via SlackJson).

internal sealed record SlackEventEnvelope(string Type, string? Challenge, string? EventId, string? TeamId, SlackEvent? Event);

internal sealed record SlackEvent(
    string Type,
    string? User,
    string? Text,
    string? Channel,
    string? ChannelType,
    string? Ts,
    string? ThreadTs,
    string? BotId,
    string? Subtype,
    string? Tab,
    string? MessageTs,
    string? UnfurlId,
    string? Source,
    IReadOnlyList<SlackSharedLink>? Links);

internal sealed record SlackSharedLink(string? Domain, string Url);
