using System.Text.Json;
using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

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

        var work = RunAsync(activity, commandLine, refresh, stopping);
        if (!await TeamsActivityHandler.FinishedWithinBudgetAsync(work))
        {
            // Too slow for the invoke's deadline: the answer is posted into the conversation when it is ready.
            _ = work.ContinueWith(t => PostLateAsync(activity, commandLine, t), TaskScheduler.Default);
            return Message("Still working on it; the answer will be posted here.");
        }
        var (reply, repeated) = await work;
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

    private async Task<(Reply? Reply, bool Repeated)> RunAsync(TeamsActivity activity, string commandLine, bool refresh, CancellationToken stopping)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            // A refresh only reads; every other action changes something at most once.
            if (!refresh && !await scope.ServiceProvider.GetRequiredService<DeliveryClaims>().TryClaimAsync(TeamsActivityDeduplicator.Key(activity.Id!), stopping))
                return (await dedup.FindAnswerAsync(db, activity.Id!, stopping), true);
            await store.RememberAsync(db, activity, stopping);
            var request = TeamsChatRequests.From(activity, commandLine, fromButton: true, refresh ? ReplyVisibility.Private : null);
            var reply = await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
            if (!refresh)
                await dedup.RecordAsync(db, activity.Id!, reply, stopping);
            return (reply, false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams card action {Activity} could not be handled", activity.Id);
            return (null, false);
        }
    }

    private async Task PostLateAsync(TeamsActivity activity, string commandLine, Task<(Reply? Reply, bool Repeated)> work)
    {
        if (work.Status != TaskStatus.RanToCompletion || work.Result.Reply is not { } reply || work.Result.Repeated)
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
