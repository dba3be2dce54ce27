using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Storage;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>Finds the channel a request came from; a channel seen for the first time is stored unbound (basic only).</summary>
public static class ChannelResolver
{
    /// <param name="cache">
    /// Given for read-only commands: a recent detached copy is good enough for them. Commands that
    /// change things pass null and get the tracked row.
    /// </param>
    public static async Task<ChatChannel?> ResolveAsync(ChatRequest request, CrmDbContext db, ChannelCache? cache, CancellationToken ct)
    {
        if (request.ChannelId is not { } externalId)
            return null;
        var platform = request.ChannelPlatform ?? request.Platform;
        var workspace = request.ChannelWorkspace ?? request.Workspace;
        if (cache is not null)
        {
            if (cache.TryGet(platform, workspace, externalId, out var known) && !Renamed(request, known))
                return known;
            // A read-only command gets a detached copy, the same one the cache keeps.
            var copy = await FindDetached(db, platform, workspace, externalId, ct);
            if (copy is not null && !Renamed(request, copy))
            {
                cache.Set(copy);
                return copy;
            }
        }
        var channel = await Find(db, platform, workspace, externalId, ct);
        if (channel is not null)
        {
            if (Renamed(request, channel))
            {
                channel.Name = Guard.Required(request.ChannelName!, "Channel name", 200);
                await db.SaveChangesAsync(ct);
            }
            cache?.Set((ChatChannel)db.Entry(channel).CurrentValues.ToObject());
            return channel;
        }
        channel = new ChatChannel
        {
            Platform = platform,
            Workspace = workspace,
            ExternalId = Guard.Required(externalId, "Channel id", 200),
            Name = Guard.Optional(request.ChannelName, "Channel name", 200) ?? externalId,
        };
        db.Channels.Add(channel);
        try
        {
            await db.SaveChangesAsync(ct);
            return channel;
        }
        catch (DbUpdateException)
        {
            // Another request stored it first.
            db.ChangeTracker.Clear();
            return await Find(db, platform, workspace, externalId, ct);
        }
    }

    /// <summary>The platform told us a new display name (not for the CLI's borrowed channels).</summary>
    private static bool Renamed(ChatRequest request, ChatChannel channel) =>
        request.ChannelName is { Length: > 0 } name && channel.Name != name && request.ChannelPlatform is null;

    private static Task<ChatChannel?> Find(CrmDbContext db, Platform platform, string workspace, string externalId, CancellationToken ct) =>
        Queries.For(db).Tracked(db, platform, workspace, externalId, ct);

    private static Task<ChatChannel?> FindDetached(CrmDbContext db, Platform platform, string workspace, string externalId, CancellationToken ct) =>
        Queries.For(db).Detached(db, platform, workspace, externalId, ct);

    /// <summary>
    /// The lookups compiled once: a request that misses the cache runs one, and building the query each
    /// time cost more than running it. EF runs a compiled query only against the model it was compiled
    /// for, so there is one pair per model (one per database provider).
    /// </summary>
    private sealed class Queries
    {
        private static readonly ConditionalWeakTable<IModel, Queries> ByModel = [];

        public Func<CrmDbContext, Platform, string, string, CancellationToken, Task<ChatChannel?>> Tracked { get; } =
            EF.CompileAsyncQuery((CrmDbContext db, Platform platform, string workspace, string externalId, CancellationToken ct) =>
                db.Channels.FirstOrDefault(c => c.Platform == platform && c.Workspace == workspace && c.ExternalId == externalId));

        public Func<CrmDbContext, Platform, string, string, CancellationToken, Task<ChatChannel?>> Detached { get; } =
            EF.CompileAsyncQuery((CrmDbContext db, Platform platform, string workspace, string externalId, CancellationToken ct) =>
                db.Channels.AsNoTracking().FirstOrDefault(c => c.Platform == platform && c.Workspace == workspace && c.ExternalId == externalId));

        public static Queries For(CrmDbContext db) => ByModel.GetValue(db.Model, _ => new Queries());
    }
}
