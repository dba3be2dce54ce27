using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.IntegrationTests.Storage;

public sealed class AuditAppendOnlyTests
{
    [Fact]
    public async Task Postgres_RefusesUpdateAndDeleteOnAudit()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using (var db = database.CreateContext())
        {
            db.Audit.Add(new AuditRecord
            {
                At = DateTimeOffset.UtcNow, Actor = "root@example.com", Platform = Platform.Cli, Command = "migrate",
                Action = AuditAction.Admin, Outcome = AuditOutcome.Allowed,
            });
            await db.SaveChangesAsync();
        }

        await using var db2 = database.CreateContext();
        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db2.Database.ExecuteSqlRawAsync("UPDATE audit_records SET \"Actor\" = 'mallory@example.com'"));
        Assert.Contains("append-only", update.MessageText);
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            db2.Database.ExecuteSqlRawAsync("DELETE FROM audit_records"));
        Assert.Contains("append-only", delete.MessageText);
        Assert.Equal(1, await db2.Audit.CountAsync(a => a.Actor == "root@example.com"));
    }
}
