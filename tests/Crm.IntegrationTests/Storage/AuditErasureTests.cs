using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Files;
using Crm.Domain.Privacy;
using Crm.Domain.Storage;
using Crm.Testing;
using Microsoft.EntityFrameworkCore;

namespace Crm.IntegrationTests.Storage;

/// <summary>
/// The audit stays append-only on both stores, except inside an erasure's own transaction: afterwards
/// a plain UPDATE is refused again, and nothing but the tombstone names the erasure.
/// </summary>
public sealed class AuditErasureTests
{
    [Theory]
    [InlineData(TestStore.Postgres)]
    [InlineData(TestStore.Sqlite)]
    public async Task Erasure_PseudonymizesAuditRows_ThenTheAuditIsAppendOnlyAgain(string provider)
    {
        await using var store = await TestStore.CreateAsync(provider);
        await using (var db = store.CreateContext())
        {
            db.Audit.Add(new AuditRecord
            {
                At = DateTimeOffset.UtcNow, Actor = "pat@example.com", Platform = Platform.Slack, Command = "show acme",
                Action = AuditAction.View, Outcome = AuditOutcome.Allowed, Detail = "viewed by pat@example.com",
            });
            // A reply's export naming Pat, and one that does not: files are searched on both stores too.
            foreach (var (name, text) in new[] { ("pat.csv", "owner\npat@example.com\n"), ("other.csv", "owner\nmax@example.com\n") })
                db.Files.Add(new StoredFile
                {
                    Id = Guid.NewGuid(), Name = name, MediaType = "text/csv", Content = System.Text.Encoding.UTF8.GetBytes(text), Audience = "C0SALES",
                    CreatedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
                });
            await db.SaveChangesAsync();
        }

        ErasureReport report;
        await using (var db = store.CreateContext())
            report = await new PersonalData(db, TimeProvider.System).EraseAsync("Pat@Example.com",
                new AuditScope("cli:ops@host", Platform.Cli, null, null, "admin erase person pat@example.com"), CancellationToken.None);

        await using var check = store.CreateContext();
        var rows = await check.Audit.OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, rows.Count);
        Assert.Equal((report.Pseudonym, $"viewed by {report.Pseudonym}"), (rows[0].Actor, rows[0].Detail));
        Assert.Equal(("cli:ops@host", "admin erase person", report.Pseudonym), (rows[1].Actor, rows[1].Command, rows[1].RecordRef));
        Assert.DoesNotContain(rows, r => $"{r.Actor} {r.Command} {r.Detail}".Contains("pat@", StringComparison.OrdinalIgnoreCase));
        await Assert.ThrowsAnyAsync<Exception>(() => check.Database.ExecuteSqlRawAsync("UPDATE audit_records SET \"Actor\" = 'mallory@example.com'"));
        Assert.Equal(0, await check.Audit.CountAsync(a => a.Actor == "mallory@example.com"));
        Assert.Equal(["other.csv"], await check.Files.Select(f => f.Name).ToListAsync());
    }
}
