namespace Crm.Bot.Platforms.Slack;

// Events API wire types: only the fields the bot reads (snake_case via SlackJson).

internal sealed record SlackEventEnvelope(string Type, string? Challenge, string? EventId, string? TeamId, SlackEvent? Event)
{
    /// <summary>The Enterprise Grid organization, when the workspace belongs to one.</summary>
    public string? EnterpriseId { get; init; }
    /// <summary>Whose installation the event was delivered for (an org-wide install says so here).</summary>
    public IReadOnlyList<SlackEventAuthorization>? Authorizations { get; init; }
}

internal sealed record SlackEventAuthorization(string? EnterpriseId, string? TeamId, bool IsEnterpriseInstall);

/// <summary>The tokens a <c>tokens_revoked</c> event names: user ids of user tokens (<c>oauth</c>) and bot user ids (<c>bot</c>).</summary>
internal sealed record SlackRevokedTokens(IReadOnlyList<string>? Oauth, IReadOnlyList<string>? Bot);

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
    IReadOnlyList<SlackSharedLink>? Links)
{
    /// <summary>Set on <c>tokens_revoked</c>.</summary>
    public SlackRevokedTokens? Tokens { get; init; }
}

internal sealed record SlackSharedLink(string? Domain, string Url);
