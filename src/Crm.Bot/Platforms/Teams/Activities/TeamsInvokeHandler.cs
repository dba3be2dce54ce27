using System.Text.Json;
using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Action.Execute (<c>adaptiveCard/action</c>) is answered in the same HTTP response with the new
/// card. A refresh shows the viewer their own permitted view; a button click in a channel is
/// answered at the channel's clearance, because the updated card may be seen by everyone there.
/// </summary>
internal sealed class TeamsInvokeHandler(
    IServiceScopeFactory scopes,
    TeamsConversationStore store,
    TeamsActivityDeduplicator dedup,
    AdaptiveCardRenderer renderer,
    TeamsConversationRoster roster,
    IServiceProvider services,
    ILogger<TeamsInvokeHandler> logger)
{
    public async Task<IResult> HandleAsync(TeamsActivity activity, CancellationToken stopping)
    {
        var action = activity.Value is { ValueKind: JsonValueKind.Object } value && value.TryGetProperty("action", out var a) ? a : default;
        var verb = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("verb", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var data = action.ValueKind == JsonValueKind.Object && action.TryGetProperty("data", out var d) ? d : (JsonElement?)null;
        var commandLine = TeamsCommandText.FromActionData(data);
        if (commandLine is null || activity.Id is null)
            return Error(400, "BadRequest", "This card action carries no command.");

        var refresh = verb == AdaptiveCardActions.RefreshVerb;
        if (refresh && !TeamsChatRequests.AllowsViewerRefresh(commandLine))
            return Error(400, "BadRequest", "Only read-only cards can be refreshed.");

        var timing = new TeamsAnswerTiming();
        var work = RunAsync(activity, commandLine, refresh, timing, stopping);
        if (!await TeamsActivityHandler.FinishedWithinBudgetAsync(work) && timing.TryGoLate())
        {
            // Too slow for the invoke's deadline: the pipeline stores the answer in the outbox with its own
            // save (the change, if any, and its audit rows), and it is posted into the conversation from there.
            _ = work.ContinueWith(t => PostLateAsync(activity, commandLine, t), TaskScheduler.Default);
            return Message("Still working on it; the answer will be posted here.");
        }
        // Ready in time, or staged for this response just before the budget ran out: its save is waited for.
        var (reply, repeated, _) = await work;
        if (reply is null)
            return repeated ? Message("This action was already handled.") : Error(500, "InternalError", "The action could not be handled.");
        var cards = renderer.Render(reply, RefreshFor(activity, commandLine, reply, refresh));
        // An invoke answer holds one card: the cards after it are stored and posted into the conversation
        // (not for a refresh, which only shows one viewer their own version of a card already posted).
        if (cards.Count > 1 && !repeated && !refresh)
            await StoreAsync(activity, commandLine, reply, ClaimedOutbox.RestPurpose, stopping);
        return Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.card.adaptive", value = cards[0] });
    }

    private CardRefresh? RefreshFor(TeamsActivity activity, string commandLine, Reply reply, bool refresh)
    {
        if (activity.IsPersonal || (!refresh && reply.ViewerRefreshCommand is null && !TeamsChatRequests.AllowsViewerRefresh(commandLine)))
            return null;
        var key = TeamsConversationStore.ChannelKey(activity) ?? "";
        return new CardRefresh(reply.ViewerRefreshCommand ?? commandLine, roster.UsersIn(key));
    }

    /// <summary>Stored: the answer went into the outbox with the pipeline's save (a late answer) and is queued to be sent.</summary>
    private async Task<(Reply? Reply, bool Repeated, bool Stored)> RunAsync(TeamsActivity activity, string commandLine, bool refresh, TeamsAnswerTiming timing,
        CancellationToken stopping)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            // A refresh only reads; every other action changes something at most once.
            if (!refresh && !await scope.ServiceProvider.GetRequiredService<DeliveryClaims>().TryClaimAsync(TeamsActivityDeduplicator.Key(activity.Id!), stopping))
                return (await dedup.FindAnswerAsync(db, activity.Id!, stopping), true, false);
            var channelId = await store.RememberAsync(db, activity, stopping);
            var handler = services.GetRequiredService<TeamsActivityHandler>();
            IReadOnlyList<TeamsOutbound>? staged = null;
            var request = TeamsChatRequests.From(activity, commandLine, fromButton: true, refresh ? ReplyVisibility.Private : null) with
            {
                // Once the invoke has answered "still working", the answer is stored with the pipeline's own save.
                StageAnswer = answer =>
                {
                    if (!timing.TryAnswerInline()) staged = handler.StageAnswer(db, activity, channelId, commandLine, answer);
                },
            };
            var reply = await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
            var stored = staged is not null && staged.All(m => db.Entry(m.Message).State == EntityState.Unchanged);
            // Staged but rolled back with a failed step: not stored; the late answer is then stored on its own.
            if (!stored && staged is not null)
                foreach (var item in staged) db.Entry(item.Message).State = EntityState.Detached;
            if (!refresh)
                await dedup.RecordAsync(db, activity.Id!, reply, stopping);
            if (stored) handler.Enqueue(staged!);
            return (reply, false, stored);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams card action {Activity} could not be handled", activity.Id);
            return (null, false, false);
        }
    }

    /// <summary>A late answer the pipeline did not store (it failed before its save): stored now.</summary>
    private async Task PostLateAsync(TeamsActivity activity, string commandLine, Task<(Reply? Reply, bool Repeated, bool Stored)> work)
    {
        if (work.Status != TaskStatus.RanToCompletion || work.Result.Reply is not { } reply || work.Result.Repeated || work.Result.Stored)
            return;
        try
        {
            await StoreAsync(activity, commandLine, reply, "answer", CancellationToken.None);
        }
        catch (Exception e)
        {
            logger.LogError(e, "The late answer to Teams card action {Activity} could not be stored", activity.Id);
        }
    }

    /// <summary>Stores (part of) an answer in the outbox for the conversation, as a message answer is.</summary>
    private async Task StoreAsync(TeamsActivity activity, string commandLine, Reply reply, string purpose, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var channelId = await store.RememberAsync(db, activity, cancellationToken);
        await services.GetRequiredService<TeamsActivityHandler>().StoreAnswerAsync(db, activity, channelId, commandLine, reply, cancellationToken, purpose);
    }

    private static IResult Message(string text) =>
        Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = text });

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { statusCode = status, type = "application/vnd.microsoft.error", value = new { code, message } });
}
