using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Delivers outbox messages into Teams channels and personal chats through the stored conversation
/// references. Sends once; the dispatcher owns retries. A conversation Teams reports as gone is
/// marked unreachable and its admin is told.
/// </summary>
internal sealed class TeamsMessageTransport(
    IServiceScopeFactory scopes,
    TeamsTargetResolver targets,
    TeamsConnectorClient connector,
    AdaptiveCardRenderer renderer,
    TeamsConversationRoster roster,
    TeamsDeliveryProblems problems) : IKnownTargetTransport
{
    public Platform Platform => Platform.Teams;

    public async Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await SendAsync(scope.ServiceProvider.GetRequiredService<CrmDbContext>(), message, reply, replaces, null, cancellationToken);
    }

    Task<DeliveryResult> IKnownTargetTransport.SendAsync(CrmDbContext db, OutboxMessage message, Reply reply, OutboxMessage? replaces, object target,
        CancellationToken cancellationToken) =>
        SendAsync(db, message, reply, replaces, target as TeamsTarget, cancellationToken);

    /// <param name="db">The sender's context, for looking the target up and marking it unreachable.</param>
    /// <param name="known">Where the message goes when the caller already knows (an answer into the
    /// conversation an authenticated activity just came from); otherwise it is looked up.</param>
    public async Task<DeliveryResult> SendAsync(CrmDbContext db, OutboxMessage message, Reply reply, OutboxMessage? replaces, TeamsTarget? known, CancellationToken cancellationToken)
    {
        var target = known ?? await targets.ResolveAsync(db, message, replaces, cancellationToken);
        if (target.Reference is null || target.ConversationId is null)
            return DeliveryResult.Permanent(target.Problem ?? "No Teams conversation to send to.");

        var refresh = message.TargetKind == OutboxTargetKind.Channel && reply.ViewerRefreshCommand is { Length: > 0 } command
            ? new CardRefresh(command, roster.UsersIn(target.RosterKey))
            : null;
        var cards = renderer.Render(reply, refresh);
        if (message.Purpose == ClaimedOutbox.RestPurpose) cards = cards.Skip(1).ToList();
        var serviceUrl = target.Reference.ServiceUrl;
        // A retry of a split message goes on after the cards an earlier attempt delivered.
        var firstId = message.PartsSent > 0 ? message.ExternalMessageId : null;
        for (var i = message.PartsSent; i < cards.Count; i++)
        {
            var activity = new TeamsCardMessage(cards[i], reply.FallbackText);
            var result = (i, replaces?.ExternalMessageId, message.ReplyToExternalId) switch
            {
                (0, { } existing, _) => await connector.UpdateAsync(serviceUrl, target.ConversationId, existing, activity, cancellationToken),
                (_, _, { } replyTo) => await connector.ReplyAsync(serviceUrl, target.ConversationId, replyTo, activity, cancellationToken),
                _ => await connector.SendAsync(serviceUrl, target.ConversationId, activity, cancellationToken),
            };
            switch (result.Outcome)
            {
                case ConnectorOutcome.Sent:
                    firstId ??= result.Id ?? replaces?.ExternalMessageId;
                    continue;
                case ConnectorOutcome.Unreachable:
                    await problems.MarkUnreachableAsync(db, message, result.Error ?? "Teams says the conversation is gone.", cancellationToken);
                    return DeliveryResult.Permanent($"Teams conversation unreachable: {result.Error}");
                case ConnectorOutcome.Transient:
                    return DeliveryResult.PartlySent(i, firstId, result.Error ?? "Teams is busy.", result.RetryAfter);
                default:
                    return DeliveryResult.Permanent(result.Error ?? "Teams refused the message.");
            }
        }
        return DeliveryResult.Sent(firstId);
    }
}
