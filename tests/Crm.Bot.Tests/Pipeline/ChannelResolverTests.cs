using Crm.Jobs.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Pipeline.Resolution;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Tests.Pipeline;

public sealed class ChannelResolverTests
{
    private static ChatRequest Request(string channel, string? name = null) =>
        new(Platform.Teams, "tenant-1", channel, "29:u", "show C-1001", Guid.NewGuid().ToString("N"), ReplyVisibility.Channel) { ChannelName = name };

    private static ChannelCache Cache() =>
        new(TimeProvider.System, Options.Create(new PipelineOptions()), new ServiceCollection().AddCrmMetrics().BuildServiceProvider().GetRequiredService<CrmMetrics>());

    [Fact]
    public async Task ReadOnlyCommands_GetADetachedCopy_ThatTheCacheKeeps_AndChangesGetTheTrackedRow()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var cache = Cache();
        await using (var db = database.CreateContext())
            Assert.NotNull(await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, null, default));

        await using (var db = database.CreateContext())
        {
            var copy = await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, cache, default);
            Assert.NotNull(copy);
            Assert.Equal(EntityState.Detached, db.Entry(copy).State);
            Assert.True(cache.TryGet(Platform.Teams, "tenant-1", "19:a", out var cached));
            Assert.Same(copy, cached);
        }

        // The cached copy answers without the database (the row is gone, the copy still answers).
        await using (var db = database.CreateContext())
            await db.Channels.ExecuteDeleteAsync();
        await using (var db = database.CreateContext())
            Assert.Equal("Support", (await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, cache, default))!.Name);

        // Without a cache (a change) the row is read, tracked, and stored when first seen.
        await using (var db = database.CreateContext())
        {
            var tracked = await ChannelResolver.ResolveAsync(Request("19:b", "Finance"), db, null, default);
            Assert.Equal(EntityState.Unchanged, db.Entry(tracked!).State);
            Assert.True(tracked!.Id > 0);
        }
    }

    [Fact]
    public async Task BothProviders_InOneProcess_EachGetTheirOwnLookups()
    {
        // A compiled query is bound to one model; the two providers' contexts have different ones.
        await using var sqlite = await SqliteDatabase.CreateAsync();
        await using var postgres = await PostgresDatabase.CreateAsync();
        foreach (var create in new Func<Crm.Domain.Storage.CrmDbContext>[] { sqlite.CreateContext, postgres.CreateContext, sqlite.CreateContext })
        {
            await using var db = create();
            var stored = await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, null, default);
            var copy = await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, Cache(), default);
            Assert.Equal(stored!.Id, copy!.Id);
        }
    }

    [Fact]
    public async Task ARenamedChannel_IsStoredUnderItsNewName_EvenForAReadOnlyCommand()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var cache = Cache();
        await using (var db = database.CreateContext())
            await ChannelResolver.ResolveAsync(Request("19:a", "Support"), db, cache, default);

        await using (var db = database.CreateContext())
            Assert.Equal("Support desk", (await ChannelResolver.ResolveAsync(Request("19:a", "Support desk"), db, cache, default))!.Name);

        await using (var db = database.CreateContext())
            Assert.Equal("Support desk", (await db.Channels.SingleAsync(c => c.ExternalId == "19:a")).Name);
        Assert.True(cache.TryGet(Platform.Teams, "tenant-1", "19:a", out var cached));
        Assert.Equal("Support desk", cached.Name);
    }
}
