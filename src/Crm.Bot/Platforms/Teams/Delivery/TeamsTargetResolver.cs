using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Finds the stored conversation reference for an outbox message, opening a 1:1 chat when needed.</summary>
internal sealed class TeamsTargetResolver(TeamsConnectorClient connector, TeamsServiceUrlRegistry trusted, TeamsDeliveryProblems problems, TimeProvider time)
{
    public async Task<TeamsTarget> ResolveAsync(CrmDbContext db, OutboxMessage message, OutboxMessage? replaces, CancellationToken cancellationToken) =>
        message.TargetKind == OutboxTargetKind.Channel
            ? await ChannelAsync(db, message, replaces, cancellationToken)
            : await PersonAsync(db, message, cancellationToken);

    private async Task<TeamsTarget> ChannelAsync(CrmDbContext db, OutboxMessage message, OutboxMessage? replaces, CancellationToken cancellationToken)
    {
        var channel = message.ChannelId is { } id
            ? await db.Channels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : await db.Channels.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.Workspace == message.Workspace && c.ExternalId == message.Recipient, cancellationToken);
        if (channel is null)
            return TeamsTarget.Unusable($"The Teams channel '{message.Recipient}' is not known to the bot.");
        if (channel.UnreachableReason is not null)
            return TeamsTarget.Unusable($"The Teams channel '{channel.Name}' is unreachable since {channel.UnreachableSince:u}: {channel.UnreachableReason}");
        var reference = TeamsConversationReference.FromJson(channel.ConversationReference);
        if (reference?.ConversationId is null)
        {
            var problem = $"The CRM app was never installed in the team of the Teams channel '{channel.Name}' (no conversation reference is stored), so nothing can be posted there. " +
                          "Add the app to that team, then mention @CRM once in the channel.";
            await problems.ReportAsync(db, channel, problem, "never-installed", cancellationToken);
            return TeamsTarget.Unusable(problem);
        }
        trusted.Trust(reference.ServiceUrl);
        // An answer to a thread goes into that thread; anything else starts a new post in the channel.
        var conversation = (replaces?.Recipient ?? message.Recipient) is { } recipient &&
                           recipient.StartsWith(reference.ConversationId, StringComparison.Ordinal)
            ? recipient
            : reference.ConversationId;
        return new TeamsTarget(reference, conversation, null, channel.ExternalId);
    }

    private async Task<TeamsTarget> PersonAsync(CrmDbContext db, OutboxMessage message, CancellationToken cancellationToken)
    {
        var link = await db.UserLinks.FirstOrDefaultAsync(
            u => u.Platform == Platform.Teams && u.Workspace == message.Workspace && u.ExternalUserId == message.Recipient, cancellationToken);
        var reference = TeamsConversationReference.FromJson(link?.ConversationReference);
        if (link is null || reference is null)
            return TeamsTarget.Unusable($"Teams user {message.Recipient} has never talked to the bot, so no chat with them can be opened. Ask them to open a chat with CRM in Teams.");
        trusted.Trust(reference.ServiceUrl);
        if (reference.ConversationId is not null)
            return new TeamsTarget(reference, reference.ConversationId, null);
        if (reference.UserId is null)
            return TeamsTarget.Unusable($"The Teams id of user {message.Recipient} is unknown; ask them to open a chat with CRM in Teams.");

        var created = await connector.CreatePersonalConversationAsync(reference.ServiceUrl, reference.TenantId, reference.BotId, reference.UserId, cancellationToken);
        if (!created.IsSent || created.Id is null)
            return TeamsTarget.Unusable($"Could not open a Teams chat with {link.DisplayName ?? message.Recipient}: {created.Error}");
        var personal = reference with { ConversationId = created.Id, ConversationType = "personal" };
        link.ConversationReference = personal.ToJson();
        link.LastSeenAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return new TeamsTarget(personal, created.Id, null);
    }
}
