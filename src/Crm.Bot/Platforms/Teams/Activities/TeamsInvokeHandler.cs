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
    TeamsAnswerRouting routing,
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

        // Decided once, when the pipeline stores the answer: in the invoke response (parts after the first card
        // are stored with the pipeline's save) or, once the budget ran out, stored whole to be posted here.
        // A refresh only shows one viewer their own version of a card already posted: never more parts.
        var timing = new AnswerTiming(restFollows: !refresh);
        var work = RunAsync(activity, commandLine, refresh, timing, stopping);
        if (!await TeamsActivityHandler.FinishedWithinBudgetAsync(work) && timing.TryGoLate())
            return Message("Still working on it; the answer will be posted here.");
        // Ready in time, or decided inline just before the budget ran out: its save is waited for.
        var (reply, repeated, address) = await work;
        if (reply is null)
            return repeated ? Message("This action was already handled.") : Error(500, "InternalError", "The action could not be handled.");
        var card = timing.FirstRendered<AdaptiveCard>(reply)
                   ?? routing.InlineCards(address ?? TeamsReplyAddress.For(activity, null, commandLine) with { IsRefresh = refresh }, reply)[0];
        return Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.card.adaptive", value = card });
    }

    private async Task<(Reply? Reply, bool Repeated, TeamsReplyAddress? Address)> RunAsync(TeamsActivity activity, string commandLine, bool refresh,
        AnswerTiming timing, CancellationToken stopping)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
            // A refresh only reads; every other action changes something at most once.
            if (!refresh && !await scope.ServiceProvider.GetRequiredService<DeliveryClaims>().TryClaimAsync(TeamsActivityDeduplicator.Key(activity.Id!), stopping))
                return (await dedup.FindAnswerAsync(db, activity.Id!, stopping), true, null);
            var channelId = await store.RememberAsync(db, activity, stopping);
            var address = TeamsReplyAddress.For(activity, channelId, commandLine) with { IsRefresh = refresh, Timing = timing };
            var request = TeamsChatRequests.From(activity, commandLine, fromButton: true, refresh ? ReplyVisibility.Private : null) with { ReplyTo = address };
            var reply = await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
            if (!refresh)
                await dedup.RecordAsync(db, activity.Id!, reply, stopping);
            return (reply, false, address);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams card action {Activity} could not be handled", activity.Id);
            return (null, false, null);
        }
    }

    private static IResult Message(string text) =>
        Results.Json(new { statusCode = 200, type = "application/vnd.microsoft.activity.message", value = text });

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { statusCode = status, type = "application/vnd.microsoft.error", value = new { code, message } });
}
