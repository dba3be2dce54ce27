using Crm.Bot.Pipeline;
using Crm.Domain.Storage;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Handles verified activities: typed messages and Action.Submit clicks run the pipeline, which stores
/// the answer in the outbox and hands it to the answer sender; Action.Execute and message extension invokes are
/// answered in the HTTP response; installs and removals keep the conversation references current. Teams waits 15 s, so the HTTP
/// answer never waits longer than <see cref="AnswerBudget"/>; work that takes longer finishes after.
/// </summary>
internal sealed class TeamsActivityHandler(
    IServiceScopeFactory scopes,
    TeamsConversationStore store,
    TeamsLifecycle lifecycle,
    TeamsInvokeHandler invokes,
    TeamsMessageExtensionHandler extensions,
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
            case "invoke" when TeamsMessageExtensionHandler.Handles(activity.Name):
                return await extensions.HandleAsync(activity, lifetime.ApplicationStopping);
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
            var request = TeamsChatRequests.From(activity, commandLine, fromButton) with
            {
                DeliveryKey = TeamsActivityDeduplicator.Key(activity.Id),
                ReplyTo = TeamsReplyAddress.For(activity, channelId, commandLine),
            };
            await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
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
}
