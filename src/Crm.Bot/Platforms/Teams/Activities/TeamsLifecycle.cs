using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// conversationUpdate / installationUpdate: store the conversation reference and register the
/// channel when the app is added (with a welcome card), record it as unreachable when removed.
/// </summary>
internal sealed class TeamsLifecycle(
    IServiceScopeFactory scopes,
    TeamsConversationStore store,
    AnswerSender sender,
    OutboxClaims claims,
    TeamsDeliveryProblems problems,
    TimeProvider time,
    ILogger<TeamsLifecycle> logger)
{
    public async Task HandleAsync(TeamsActivity activity, CancellationToken stopping)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            if (IsRemoval(activity))
            {
                await MarkRemovedAsync(db, activity, stopping);
                return;
            }
            var channelId = await store.RememberAsync(db, activity, stopping);
            if (IsBotAdded(activity))
                await WelcomeAsync(db, activity, channelId, stopping);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams {Type} {Activity} could not be handled", activity.Type, activity.Id);
        }
    }

    private static bool IsBotAdded(TeamsActivity activity) =>
        activity.Type == "installationUpdate"
            ? activity.Action is "add" or "add-upgrade"
            : activity.MembersAdded?.Any(m => m.Id == activity.Recipient?.Id) == true;

    private static bool IsRemoval(TeamsActivity activity) =>
        activity.Type == "installationUpdate"
            ? activity.Action is "remove"
            : activity.MembersRemoved?.Any(m => m.Id == activity.Recipient?.Id) == true || activity.ChannelData?.EventType == "channelDeleted";

    private async Task MarkRemovedAsync(CrmDbContext db, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var key = TeamsConversationStore.ChannelKey(activity);
        if (key is null || activity.TenantId is not { } tenant) return;
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.Workspace == tenant && c.ExternalId == key, cancellationToken);
        if (channel is null) return;
        store.Forget(tenant, key);
        var what = activity.ChannelData?.EventType == "channelDeleted" ? "The channel was deleted" : "The CRM app was removed from this team or chat";
        await problems.ReportAsync(db, channel, $"{what} on {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC; nothing can be posted to '{channel.Name}' until the app is added again.", "removed", cancellationToken);
    }

    private async Task WelcomeAsync(CrmDbContext db, TeamsActivity activity, long? channelId, CancellationToken cancellationToken)
    {
        var department = channelId is { } id ? await db.Channels.Where(c => c.Id == id).Select(c => c.Department).FirstOrDefaultAsync(cancellationToken) : null;
        var reply = Welcome(activity.IsPersonal, department);
        var key = TeamsConversationStore.ChannelKey(activity) ?? activity.From?.AadObjectId ?? activity.Conversation?.Id;
        var message = ClaimedOutbox.Add(db, new OutboxMessage
        {
            Platform = Platform.Teams,
            // Installing sends both a conversationUpdate and an installationUpdate: welcome once.
            IdempotencyKey = $"teams:welcome:{activity.TenantId}:{key}:{time.GetUtcNow():yyyy-MM-dd}",
            Workspace = activity.TenantId!,
            TargetKind = channelId is null ? OutboxTargetKind.User : OutboxTargetKind.Channel,
            ChannelId = channelId,
            Recipient = channelId is null ? activity.From?.AadObjectId ?? "" : key ?? "",
            ReplyJson = reply.ToJson(),
            Purpose = "welcome",
        }, time.GetUtcNow(), claims);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            sender.Enqueue(new AnswerRow(message.Copy(), reply));
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
        }
    }

    internal static Reply Welcome(bool personal, Department? department)
    {
        var scope = personal
            ? "Answers in this chat are for you only and show what your own role may read."
            : department is { } d
                ? $"This channel is bound to {d}: cards posted here show only what {d} may read, because everyone in the channel sees them."
                : "This channel is not bound to a department yet, so cards posted here show basic fields only. A CRM admin can bind it: @CRM admin channel <department>.";
        return new Reply
        {
            FallbackText = "CRM is ready. Type help to see what you can do.",
            Blocks =
            [
                new HeadingBlock("CRM is ready"),
                new TextBlock(personal
                    ? "Ask me about customers: show acme, find acme, note acme Call went well. Type help for everything you may do."
                    : "Mention me to ask about customers: @CRM show acme, @CRM find acme. @CRM help lists everything you may do."),
                new ContextBlock(scope),
                new ActionsBlock([new ReplyButton("Help", "help", ButtonStyle.Primary), new ReplyButton("Who am I?", "whoami")]),
            ],
        };
    }
}
