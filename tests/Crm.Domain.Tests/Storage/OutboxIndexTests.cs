using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Domain.Tests.Storage;

/// <summary>The dispatcher's outbox indexes leave sent rows out, and still serve the dispatcher's questions.</summary>
public sealed class OutboxIndexTests
{
    [Fact]
    public async Task StatusAndLeaseIndexes_LeaveSentAndUnleasedRowsOut()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var definitions = await QueryAsync(database, """SELECT indexdef FROM pg_indexes WHERE tablename = 'outbox' ORDER BY indexname""");

        Assert.Contains(definitions, d => d.Contains("\"IX_outbox_Status_NextAttemptAt\"") && d.EndsWith("WHERE ((\"Status\")::text <> 'Sent'::text)"));
        Assert.Contains(definitions, d => d.Contains("\"IX_outbox_LockedUntil\"") && d.EndsWith("WHERE (\"LockedUntil\" IS NOT NULL)"));
    }

    [Theory]
    [InlineData("""SELECT "Id" FROM outbox WHERE "Status" = 'Pending' AND "NextAttemptAt" <= now()""", "IX_outbox_Status_NextAttemptAt")]
    [InlineData("""SELECT "Id" FROM outbox WHERE "Status" = 'Failed' ORDER BY "NextAttemptAt" """, "IX_outbox_Status_NextAttemptAt")]
    [InlineData("""SELECT 1 FROM outbox b WHERE b."LockedUntil" > now() AND b."Recipient" = 'x'""", "IX_outbox_LockedUntil")]
    public async Task TheDispatchersAndAdminsQuestions_CanUseThem(string query, string index)
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var plan = string.Join('\n', await QueryAsync(database, "SET enable_seqscan = off; EXPLAIN " + query));

        Assert.Contains(index, plan);
    }

    private static async Task<List<string>> QueryAsync(PostgresDatabase database, string sql)
    {
        await using var db = database.CreateContext();
        await db.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        do
        {
            while (await reader.ReadAsync())
                rows.Add(reader.GetString(0));
        } while (await reader.NextResultAsync());
        return rows;
    }
}
