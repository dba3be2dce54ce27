using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Handles verified activities: typed messages and Action.Submit clicks run the pipeline and the
/// answer goes through the outbox; Action.Execute invokes are answered in the HTTP response;
/// installs and removals keep the conversation references current. Teams waits 15 s, so the HTTP
/// answer never waits longer than <see cref="AnswerBudget"/>; work that takes longer finishes after.
/// </summary>
internal sealed class TeamsActivityHandler(
    IServiceScopeFactory scopes,
    TeamsConversationStore store,
    TeamsOutboundQueue outbound,
    TeamsLifecycle lifecycle,
    TeamsInvokeHandler invokes,
    ILogger<TeamsActivityHandler> logger)
{
    public static readonly TimeSpan AnswerBudget = TimeSpan.FromSeconds(10);

    public async Task<IResult> HandleAsync(TeamsActivity activity, IHostApplicationLifetime lifetime)
    {
        switch (activity.Type)
        {
            case "message":
                await FinishedWithinBudgetAsync(HandleMessageAsync(activity, lifetime.ApplicationStopping));
                return Results.Ok();
            case "invoke" when activity.Name == "adaptiveCard/action":
                return await invokes.HandleAsync(activity, lifetime.ApplicationStopping);
            case "conversationUpdate" or "installationUpdate":
                await FinishedWithinBudgetAsync(lifecycle.HandleAsync(activity, lifetime.ApplicationStopping));
                return Results.Ok();
            default:
                return Results.Ok();
        }
    }

    /// <summary>
    /// True when <paramref name="work"/> ended within <see cref="AnswerBudget"/>. The work keeps its own
    /// scope and the host's stopping token, so it finishes after the answer if it must. The budget's
    /// timer goes away as soon as the work ends (a busy host would otherwise keep one per activity
    /// of the last ten seconds).
    /// </summary>
    internal static async Task<bool> FinishedWithinBudgetAsync(Task work, TimeSpan? budget = null)
    {
        try
        {
            await work.WaitAsync(budget ?? AnswerBudget);
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch
        {
            // The work's own failure is the caller's to see (it awaits the work); here it only ended in time.
        }
        return true;
    }

    private async Task HandleMessageAsync(TeamsActivity activity, CancellationToken stopping)
    {
        try
        {
            if (activity.Id is null)
                return;
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            var fromButton = activity.Value is { ValueKind: System.Text.Json.JsonValueKind.Object } && string.IsNullOrWhiteSpace(activity.Text);
            var commandLine = fromButton
                ? TeamsCommandText.FromActionData(activity.Value)
                : TeamsCommandText.FromMessage(activity, await TeamsMentions.ObjectIdsAsync(db, activity, stopping));
            if (commandLine is null)
                return;
            var channelId = await store.RememberAsync(db, activity, stopping);

            // The pipeline claims the activity id and stores the answer in the outbox in the same save as
            // the audit row (and the change, if any): one round trip for a read, and a redelivery stops there.
            IReadOnlyList<TeamsOutbound>? staged = null;
            var request = TeamsChatRequests.From(activity, commandLine, fromButton) with
            {
                DeliveryKey = TeamsActivityDeduplicator.Key(activity.Id),
                StageAnswer = answer => staged = StageAnswer(db, activity, channelId, commandLine, answer),
            };
            var reply = await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
            if (staged is not null && staged.All(m => db.Entry(m.Message).State == EntityState.Unchanged))
            {
                Enqueue(staged);
                return;
            }
            // Not staged (an answer given before the save), or rolled back with a failed step: store the answer given now.
            foreach (var item in staged ?? [])
                db.Entry(item.Message).State = EntityState.Detached;
            await StoreAnswerAsync(db, activity, channelId, commandLine, reply, stopping);
        }
        catch (DuplicateDeliveryException)
        {
            logger.LogInformation("Ignored a redelivered Teams activity {Activity}", activity.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams message {Activity} could not be handled", activity.Id);
        }
    }

    /// <summary>Stores the answer in the outbox (claimed by this host) and sends it right away.</summary>
    internal async Task StoreAnswerAsync(CrmDbContext db, TeamsActivity activity, long? channelId, string commandLine, Reply reply, CancellationToken cancellationToken,
        string purpose = "answer")
    {
        var messages = StageAnswer(db, activity, channelId, commandLine, reply, purpose);
        await db.SaveChangesAsync(cancellationToken);
        Enqueue(messages);
    }

    internal void Enqueue(IReadOnlyList<TeamsOutbound> stored)
    {
        foreach (var item in stored) outbound.Enqueue(item.Message, item.Reply!, item.Target);
    }

    /// <summary>Adds the answer's outbox rows to <paramref name="db"/> without saving; each with its answer and, when known, its conversation.</summary>
    internal IReadOnlyList<TeamsOutbound> StageAnswer(CrmDbContext db, TeamsActivity activity, long? channelId, string commandLine, Reply reply,
        string purpose = "answer")
    {
        if (reply.Visibility == ReplyVisibility.Channel && !activity.IsPersonal && reply.ViewerRefreshCommand is null &&
            TeamsChatRequests.AllowsViewerRefresh(commandLine))
            reply = reply with { ViewerRefreshCommand = commandLine };

        var personal = activity.IsPersonal || channelId is null;
        // A private answer to something typed in a channel must not be posted there: it goes to the 1:1 chat.
        var privateFromChannel = !personal && reply.Visibility == ReplyVisibility.Private;
        var toUser = personal || privateFromChannel;
        var message = outbound.Add(db, new OutboxMessage
        {
            IdempotencyKey = $"teams:{purpose}:{activity.Id}",
            Workspace = activity.TenantId!,
            TargetKind = toUser ? OutboxTargetKind.User : OutboxTargetKind.Channel,
            ChannelId = toUser ? null : channelId,
            Recipient = toUser ? activity.From?.AadObjectId ?? "" : activity.Conversation?.Id ?? "",
            ReplyJson = reply.ToJson(),
            Purpose = purpose,
            ReplyToExternalId = privateFromChannel ? null : activity.Id,
        });
        OutboxMessage? note = null;
        var noteReply = Reply.Text($"{activity.From?.Name ?? "The answer"}: the answer is only for you, so it was sent to your 1:1 chat with CRM.");
        // The note is for a whole answer; the rest of one whose first card is already shown needs none.
        if (privateFromChannel && purpose != ClaimedOutbox.RestPurpose)
        {
            note = outbound.Add(db, new OutboxMessage
            {
                IdempotencyKey = $"teams:answer-note:{activity.Id}",
                Workspace = activity.TenantId!,
                TargetKind = OutboxTargetKind.Channel,
                ChannelId = channelId,
                Recipient = activity.Conversation?.Id ?? "",
                ReplyJson = noteReply.ToJson(),
                Purpose = "answer",
                ReplyToExternalId = activity.Id,
            });
        }
        // Answers into the conversation the activity came from go where the activity says; an answer
        // moved to a 1:1 chat from a channel is looked up (that chat may still have to be opened).
        var here = new TeamsTarget(TeamsConversationReference.From(activity), activity.Conversation?.Id, null, TeamsConversationStore.ChannelKey(activity) ?? "");
        var answer = new TeamsOutbound(message, reply, toUser && !activity.IsPersonal ? null : here);
        return note is null ? [answer] : [answer, new TeamsOutbound(note, noteReply, here)];
    }
}
