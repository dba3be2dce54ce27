using Crm.Bot.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

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
