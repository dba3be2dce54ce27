using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>
/// The console as a delivery target: while a platform is not configured, its outbox messages are
/// "posted" into the console's timelines. The sent outbox row is the timeline entry (its
/// ExternalMessageId marks it as delivered to the console); open pages are told at once.
/// </summary>
internal sealed class ConsoleTransport(Platform platform, ConsoleFeed feed) : IMessageTransport
{
    public Platform Platform => platform;

    public Task<DeliveryResult> SendAsync(OutboxMessage message, Reply reply, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(message.Recipient))
            return Task.FromResult(DeliveryResult.Permanent("The message names no channel or person to deliver to."));
        // Keep the id of the message being replaced, as chat.update / PUT activity keep theirs.
        var externalId = replaces?.ExternalMessageId ?? $"console-{message.Id}";
        feed.Publish(new ConsoleDelivery(platform, message.Workspace, message.TargetKind, message.Recipient, message.Id));
        return Task.FromResult(DeliveryResult.Sent(externalId));
    }
}
