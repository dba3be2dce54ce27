using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Bot.Tests.Pipeline;

public sealed class AuditTrailTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData("show acme", AuditAction.View, "C-1001")]
    [InlineData("note acme Called", AuditAction.Change, "C-1001")]
    [InlineData("deal D-1001 close 2027-01-15", AuditAction.Change, "D-1001")]
    [InlineData("invoice INV-1001 paid", AuditAction.Denial, null)]
    public async Task EachCommand_WritesTheExpectedRow(string command, AuditAction action, string? record)
    {
        await _h.SlackAsync("U0AVA", "C0SALES", command);
        await using var db = _h.Db();
        var row = await db.Audit.SingleAsync();
        Assert.Equal(action, row.Action);
        Assert.Equal(record, row.RecordRef);
        Assert.Equal("ava@example.com", row.Actor);
        Assert.Equal(Platform.Slack, row.Platform);
        Assert.Equal("T0DEMO", row.Workspace);
        Assert.Equal("slack:T0DEMO:C0SALES", row.Channel);
        Assert.Equal(command, row.Command);
        Assert.Equal(PipelineHarness.Start, row.At);
        Assert.Equal(action == AuditAction.Denial ? AuditOutcome.Denied : AuditOutcome.Allowed, row.Outcome);
    }

    [Fact]
    public async Task AdminActions_AndExports_AreAudited()
    {
        await _h.AskAsync("root@example.com", "admin bind slack:T0DEMO:C0GENERAL marketing");
        var file = Path.Combine(Path.GetTempPath(), $"audit-{Guid.NewGuid():N}.csv");
        var export = await _h.AskAsync("root@example.com", $"audit export --since 2026-11-01 {file}");
        Assert.Equal(ReplyTone.Success, export.Tone);
        var csv = await File.ReadAllLinesAsync(file);
        File.Delete(file);
        Assert.StartsWith("id,at,actor", csv[0]);
        Assert.Contains(csv, l => l.Contains("channel binding"));

        await using var db = _h.Db();
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.Admin));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Action == AuditAction.Export));
    }

    [Fact]
    public async Task AuditCustomer_ShowsWhoViewedAndChangedIt()
    {
        await _h.SlackAsync("U0AVA", "C0SALES", "show acme");
        await _h.AskAsync("sam@example.com", "note acme Called about login");
        var reply = await _h.AskAsync("max@example.com", "audit acme");
        var table = reply.Blocks.OfType<TableBlock>().Single();
        Assert.Contains(table.Rows, r => r[1] == "ava@example.com" && r[2] == "slack:T0DEMO:C0SALES" && r[3].StartsWith("view"));
        Assert.Contains(table.Rows, r => r[1] == "sam@example.com" && r[3].StartsWith("change"));
    }

    [Fact]
    public async Task AuditRows_CannotBeUpdatedOrDeleted()
    {
        await _h.AskAsync("ava@example.com", "show acme");
        await using var db = _h.Db();
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("UPDATE audit_records SET \"Actor\" = 'x'"));
        await Assert.ThrowsAsync<PostgresException>(() => db.Database.ExecuteSqlRawAsync("DELETE FROM audit_records"));
        Assert.Equal(1, await db.Audit.CountAsync(a => a.Actor == "ava@example.com"));
    }
}
