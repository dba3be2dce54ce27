using Crm.Bot.Pipeline;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Pipeline;

public sealed class DeliveryClaimsTests
{
    [Fact]
    public async Task OnPostgres_ConcurrentClaimsOfOneDelivery_HaveExactlyOneWinner()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var db = database.CreateContext();
            return await new DeliveryClaims(db, TimeProvider.System).TryClaimAsync("slack:event:Ev1", CancellationToken.None);
        }));

        Assert.Equal(1, claims.Count(c => c));
        await using var check = database.CreateContext();
        var row = await check.ProcessedRequests.SingleAsync(p => p.Key == "slack:event:Ev1");
        Assert.True(row.At > DateTimeOffset.UtcNow.AddMinutes(-1));
    }

    [Fact]
    public async Task OnSqlite_ARepeatIsRecognised_AndTheTimeIsReadableByEf()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var db = new SqliteCrmDbContext(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(connection).Options);
        await db.Database.MigrateAsync();
        var dedup = new DeliveryClaims(db, TimeProvider.System);

        Assert.True(await dedup.TryClaimAsync("slack:trigger:1.2.3", CancellationToken.None));
        Assert.False(await dedup.TryClaimAsync("slack:trigger:1.2.3", CancellationToken.None));
        Assert.True(await dedup.TryClaimAsync("slack:trigger:4.5.6", CancellationToken.None));
        var row = await db.ProcessedRequests.SingleAsync(p => p.Key == "slack:trigger:1.2.3");
        Assert.True(row.At > DateTimeOffset.UtcNow.AddMinutes(-1));
    }
}
