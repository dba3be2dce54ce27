using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Pipeline;

/// <summary>
/// A command from any platform, already verified and mapped to neutral terms by the platform edge.
/// </summary>
/// <param name="Platform">Where it came from.</param>
/// <param name="Workspace">Slack team id, Teams tenant id, or "console"/"cli".</param>
/// <param name="ChannelId">The channel it was typed in; null in a private chat with the bot.</param>
/// <param name="UserId">The platform's user id (Slack U…, Teams AAD object id, or an e-mail for console/CLI).</param>
/// <param name="Text">The command line, without the slash command or the bot's own mention.</param>
/// <param name="IdempotencyKey">The platform's event/activity/trigger id; a repeat changes nothing.</param>
/// <param name="Visibility">Who will see the direct answer: only the asker, or the whole channel.</param>
public sealed record ChatRequest(
    Platform Platform,
    string Workspace,
    string? ChannelId,
    string UserId,
    string Text,
    string IdempotencyKey,
    ReplyVisibility Visibility)
{
    /// <summary>Display name of the channel when the platform told us (#sales, "Support").</summary>
    public string? ChannelName { get; init; }

    /// <summary>
    /// The platform delivery to claim (Slack <c>slack:trigger:…</c>), so a retried or replayed delivery
    /// is recognised on any host: the pipeline then throws <see cref="DuplicateDeliveryException"/>
    /// and nothing is changed, recorded or answered. Null when the edge deduplicates itself.
    /// </summary>
    public string? DeliveryKey { get; init; }

    /// <summary>
    /// Where the answer goes, for an edge that delivers answers through the outbox: the pipeline stores the
    /// answer's rows (<see cref="Delivery.AnswerOutbox"/>) in the save that stores the request's work — for
    /// a change, in its transaction — or, for an answer given without one (a typo, an unknown command, a
    /// failed step), in a save of its own; then hands them to the sender. Null: the answer is only returned.
    /// </summary>
    public Delivery.ReplyAddress? ReplyTo { get; init; }

    /// <summary>
    /// True when the platform sends the request again if the edge answers it with a 5xx (Slack events).
    /// A database that cannot be reached is then not answered with an error, which would acknowledge the
    /// delivery and lose its real answer: the failure goes back to the edge, and the retry runs the request.
    /// </summary>
    public bool RedeliveredOnFailure { get; init; }

    /// <summary>True when the request came from a button or form rather than typed text.</summary>
    public bool FromButton { get; init; }

    /// <summary>
    /// The channel's platform when it differs from the asker's: the CLI's <c>ask --channel slack:T0DEMO:C0SALES</c>
    /// resolves the person in the CLI directory but renders as posted into that Slack channel.
    /// </summary>
    public Platform? ChannelPlatform { get; init; }

    /// <summary>The channel's workspace when it differs from <see cref="Workspace"/> (see <see cref="ChannelPlatform"/>).</summary>
    public string? ChannelWorkspace { get; init; }

    public string? ChannelRef => ChannelId is null
        ? null
        : $"{(ChannelPlatform ?? Platform).ToString().ToLowerInvariant()}:{ChannelWorkspace ?? Workspace}:{ChannelId}";
}
