using Crm.Bot.Storage;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;

namespace Crm.IntegrationTests.Storage;

public sealed class MigrationTests
{
    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task EmptyDatabase_MigratesToTheCurrentModel(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider, migrate: false);
        await using var db = store.CreateContext();
        var migrator = new DatabaseMigrator(db);

        var pending = await migrator.PendingAsync(default);
        Assert.Contains(pending, m => m.EndsWith("_Initial"));
        Assert.Contains(pending, m => m.EndsWith("_AuditAppendOnly"));

        var applied = await migrator.MigrateAsync(default);
        Assert.Equal(pending, applied);
        Assert.Empty(await migrator.PendingAsync(default));
        Assert.Empty(await migrator.MigrateAsync(default));
        Assert.Equal(0, await db.Customers.CountAsync());
    }

    [Fact]
    public async Task Postgres_AMigrationLongerThanTheStatementTimeout_IsNotCutOff_AndTheTimeoutIsKeptAfterwards()
    {
        // An index built over a large table takes longer than a request's statement may: here the note index of
        // NoteSearchByHour waits three seconds for a lock held on the timeline, under a statement timeout of one second.
        await using var database = await PostgresDatabase.CreateAsync(migrate: false);
        await using var db = new PostgresCrmDbContext(new DbContextOptionsBuilder<PostgresCrmDbContext>()
            .UseNpgsql(database.ConnectionString, o => o.CommandTimeout(1)).Options);
        await db.GetService<IMigrator>().MigrateAsync("20261207100000_ReplyFiles");
        await using var holder = new NpgsqlConnection(database.ConnectionString);
        await holder.OpenAsync();
        await using var hold = await holder.BeginTransactionAsync();
        await using (var lockTimeline = new NpgsqlCommand("LOCK TABLE timeline IN ACCESS EXCLUSIVE MODE", holder, hold))
            await lockTimeline.ExecuteNonQueryAsync();
        var release = Task.Delay(TimeSpan.FromSeconds(3)).ContinueWith(_ => hold.RollbackAsync()).Unwrap();

        var applied = await new DatabaseMigrator(db).MigrateAsync(default);
        await release;

        Assert.Contains(applied, m => m.EndsWith("_NoteSearchByHour", StringComparison.Ordinal));
        Assert.Equal(1, db.Database.GetCommandTimeout());
        Assert.Equal(1, await db.Database.SqlQuery<int>($"""
            SELECT count(*)::int AS "Value" FROM pg_indexes WHERE indexname = 'ix_timeline_note_hour_words'
            """).SingleAsync());
    }

    [Fact]
    public async Task Postgres_HasTrigramIndexOnCustomerNames()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var db = database.CreateContext();
        var definition = await db.Database.SqlQuery<string>($"""
            SELECT indexdef AS "Value" FROM pg_indexes WHERE indexname = 'ix_customers_name_trgm'
            """).SingleAsync();
        Assert.Contains("gin", definition);
        Assert.Contains("gin_trgm_ops", definition);
    }
}
