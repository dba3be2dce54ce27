using System.Collections.Concurrent;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Remembers how to reach each Teams conversation and person (the stored conversation reference is
/// the only way to post proactively). Writes only when something changed since this host last saw it.
/// </summary>
internal sealed class TeamsConversationStore(TimeProvider time, TeamsConversationRoster roster)
{
    /// <summary>What this host last stored per shared conversation (tenant, channel key), with the ChatChannel id.</summary>
    private readonly ConcurrentDictionary<(string Tenant, string ChannelKey), (TeamsConversationReference Reference, long ChannelId)> _channels = new();
    /// <summary>What this host last stored per person (tenant, AAD object id).</summary>
    private readonly ConcurrentDictionary<(string Tenant, string UserId), TeamsConversationReference> _users = new();

    /// <summary>The ChatChannel external id of a shared conversation: the Teams channel id, or the group chat's id.</summary>
    public static string? ChannelKey(TeamsActivity activity) => activity.ConversationType switch
    {
        "personal" => null,
        "channel" => activity.ChannelData?.Channel?.Id ?? StripThread(activity.Conversation?.Id),
        _ => activity.Conversation?.Id,
    };

    public static string? StripThread(string? conversationId)
    {
        var cut = conversationId?.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase) ?? -1;
        return cut < 0 ? conversationId : conversationId![..cut];
    }

    /// <summary>Stores the references this activity carries; returns the ChatChannel id for shared conversations.</summary>
    public async Task<long?> RememberAsync(CrmDbContext db, TeamsActivity activity, CancellationToken cancellationToken)
    {
        var reference = TeamsConversationReference.From(activity);
        var channelKey = ChannelKey(activity);
        if (channelKey is not null)
            roster.Saw(channelKey, activity.From?.Id);

        long? channelId = null;
        if (channelKey is not null)
            channelId = await RememberChannelAsync(db, activity, channelKey, reference, cancellationToken);
        if (activity.From?.AadObjectId is { Length: > 0 })
            await RememberUserAsync(db, activity, reference, cancellationToken);
        return channelId;
    }

    public void Forget(string tenant, string channelKey) => _channels.TryRemove((tenant, channelKey), out _);

    private async Task<long?> RememberChannelAsync(CrmDbContext db, TeamsActivity activity, string channelKey, TeamsConversationReference reference, CancellationToken cancellationToken, int attempt = 0)
    {
        var tenant = activity.TenantId!;
        var channelReference = reference with { UserId = null, UserAadObjectId = null };
        if (_channels.TryGetValue((tenant, channelKey), out var known) && known.Reference == channelReference)
            return known.ChannelId;
        var refJson = channelReference.ToJson();

        var channel = await db.Channels.FirstOrDefaultAsync(
            c => c.Platform == Platform.Teams && c.Workspace == tenant && c.ExternalId == channelKey, cancellationToken);
        if (channel is null)
        {
            channel = new ChatChannel { Platform = Platform.Teams, Workspace = tenant, ExternalId = channelKey, Name = ChannelName(activity) };
            db.Channels.Add(channel);
        }
        channel.ConversationReference = refJson;
        channel.UnreachableReason = null;
        channel.UnreachableSince = null;
        if (string.IsNullOrEmpty(channel.Name)) channel.Name = ChannelName(activity);
        if (!await TrySaveAsync(db, cancellationToken, attempt))
            return await RememberChannelAsync(db, activity, channelKey, reference, cancellationToken, attempt + 1);
        _channels[(tenant, channelKey)] = (channelReference, channel.Id);
        return channel.Id;
    }

    private async Task RememberUserAsync(CrmDbContext db, TeamsActivity activity, TeamsConversationReference reference, CancellationToken cancellationToken, int attempt = 0)
    {
        var tenant = activity.TenantId!;
        var userId = activity.From!.AadObjectId!;
        // A personal chat's reference wins; a channel only tells us how to open one later.
        var personal = activity.IsPersonal;
        var userReference = personal ? reference : reference with { ConversationId = null, ConversationType = "personal", TeamId = null, ChannelId = null };
        if (_users.TryGetValue((tenant, userId), out var known) && (known == userReference || !personal))
            return;

        var link = await db.UserLinks.FirstOrDefaultAsync(
            u => u.Platform == Platform.Teams && u.Workspace == tenant && u.ExternalUserId == userId, cancellationToken);
        if (link is null)
        {
            link = new ChatUserLink { Platform = Platform.Teams, Workspace = tenant, ExternalUserId = userId };
            db.UserLinks.Add(link);
        }
        var existing = TeamsConversationReference.FromJson(link.ConversationReference);
        var replace = personal || existing?.ConversationId is null;
        if (replace)
            link.ConversationReference = userReference.ToJson();
        link.DisplayName ??= activity.From.Name;
        link.LastSeenAt = time.GetUtcNow();
        if (!await TrySaveAsync(db, cancellationToken, attempt))
        {
            await RememberUserAsync(db, activity, reference, cancellationToken, attempt + 1);
            return;
        }
        _users[(tenant, userId)] = replace ? userReference : existing!;
    }

    /// <summary>False when another request inserted the same row first; the caller then reads it and tries again.</summary>
    private static async Task<bool> TrySaveAsync(CrmDbContext db, CancellationToken cancellationToken, int attempt)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException) when (attempt == 0)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static string ChannelName(TeamsActivity activity) =>
        activity.ChannelData?.Channel?.Name
        ?? (activity.ConversationType == "channel" ? activity.ChannelData?.Team?.Name : null)
        ?? activity.Conversation?.Name
        ?? (activity.ConversationType == "groupChat" ? "Group chat" : "Teams channel");
}
