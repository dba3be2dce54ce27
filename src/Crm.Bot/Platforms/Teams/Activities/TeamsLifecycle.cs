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
/// channel when the app is added (with a welcome in the channel and to the installer, see
/// <see cref="TeamsWelcome"/>), record it as unreachable when removed.
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
        if (activity.TenantId is { } removedFrom) await RetireGreetingsAsync(db, activity, removedFrom, cancellationToken);
        var key = TeamsConversationStore.ChannelKey(activity);
        if (key is null || activity.TenantId is not { } tenant) return;
        var channel = await db.Channels.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.Workspace == tenant && c.ExternalId == key, cancellationToken);
        if (channel is null) return;
        store.Forget(tenant, key);
        var what = activity.ChannelData?.EventType == "channelDeleted" ? "The channel was deleted" : "The CRM app was removed from this team or chat";
        await problems.ReportAsync(db, channel, $"{what} on {time.GetUtcNow():yyyy-MM-dd HH:mm} UTC; nothing can be posted to '{channel.Name}' until the app is added again.", "removed", cancellationToken);
    }

    /// <summary>
    /// The app was removed: the greetings of that install keep their rows (what was sent stays on record) but give up
    /// their keys (<c>…:removed:{row id}</c>), so adding the app again is a new install and is greeted again, while the
    /// repeats of one install still find the key taken.
    /// </summary>
    private static async Task RetireGreetingsAsync(CrmDbContext db, TeamsActivity activity, string tenant, CancellationToken ct)
    {
        var keys = new List<string>();
        string? installerPrefix = null;
        if (activity.IsPersonal)
        {
            if (activity.From?.AadObjectId is { } person) keys.Add(PersonalGreetingKey(tenant, person));
        }
        else if (TeamsConversationStore.ChannelKey(activity) is { } channel)
        {
            keys.Add(ChannelGreetingKey(tenant, channel));
            installerPrefix = InstallerGreetingKey(tenant, channel, "");
        }
        if (keys.Count == 0) return;
        await db.Outbox
            .Where(o => o.Platform == Platform.Teams && o.Purpose == "welcome" &&
                        (keys.Contains(o.IdempotencyKey) || (installerPrefix != null && o.IdempotencyKey.StartsWith(installerPrefix))))
            .ExecuteUpdateAsync(u => u.SetProperty(o => o.IdempotencyKey, o => o.IdempotencyKey + ":removed:" + o.Id.ToString()), ct);
    }

    private static string PersonalGreetingKey(string tenant, string person) => $"teams:welcome:{tenant}:{person}";
    private static string ChannelGreetingKey(string tenant, string channel) => $"teams:welcome:{tenant}:{channel}";
    private static string InstallerGreetingKey(string tenant, string channel, string installer) => $"teams:welcome-installer:{tenant}:{channel}:{installer}";

    /// <summary>
    /// Greets once per install (until the app is removed again), however often Teams sends it (a conversationUpdate and an installationUpdate,
    /// each maybe retried): in a team, the General channel and the installer's 1:1 chat (opened through the Bot
    /// Connector when there is none yet); in a personal install, that chat. The rows are stored before they are
    /// sent, so a failed send is retried by the dispatcher.
    /// </summary>
    private async Task WelcomeAsync(CrmDbContext db, TeamsActivity activity, long? channelId, CancellationToken cancellationToken)
    {
        var tenant = activity.TenantId!;
        var installer = activity.From?.AadObjectId;
        var greetings = new List<(OutboxMessage Row, Reply Reply)>();
        if (activity.IsPersonal || channelId is null)
        {
            if (installer is null) return;
            greetings.Add(Greeting(PersonalGreetingKey(tenant, installer), tenant, OutboxTargetKind.User, null, installer, TeamsWelcome.Personal()));
        }
        else
        {
            var key = TeamsConversationStore.ChannelKey(activity)!;
            var department = await db.Channels.Where(c => c.Id == channelId).Select(c => c.Department).FirstOrDefaultAsync(cancellationToken);
            greetings.Add(Greeting(ChannelGreetingKey(tenant, key), tenant, OutboxTargetKind.Channel, channelId, key, TeamsWelcome.Channel(department)));
            if (installer is not null)
                greetings.Add(Greeting(InstallerGreetingKey(tenant, key, installer), tenant, OutboxTargetKind.User, null, installer,
                    TeamsWelcome.Installer(activity.ChannelData?.Team?.Name)));
        }

        var now = time.GetUtcNow();
        var rows = greetings.Select(g => (Row: ClaimedOutbox.Add(db, g.Row, now, claims), g.Reply)).ToList();
        try
        {
            // One save: the first of the install's activities stores every greeting, a repeat stores none.
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return;
        }
        foreach (var (row, reply) in rows)
            sender.Enqueue(new AnswerRow(row.Copy(), reply));
    }

    private static (OutboxMessage Row, Reply Reply) Greeting(string key, string tenant, OutboxTargetKind kind, long? channelId, string recipient, Reply reply) => (new OutboxMessage
    {
        Platform = Platform.Teams,
        IdempotencyKey = key,
        Workspace = tenant,
        TargetKind = kind,
        ChannelId = channelId,
        Recipient = recipient,
        ReplyJson = reply.ToJson(),
        Purpose = "welcome",
    }, reply);
}
