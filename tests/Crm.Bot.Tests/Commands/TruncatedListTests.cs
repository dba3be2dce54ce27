using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Tests.Commands;

/// <summary>A list that shows only part of what there is says so, with the true count or an honest bound.</summary>
public sealed class TruncatedListTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task AuditTrail_SaysAndNMore_WhenOlderEntriesAreLeftOut()
    {
        await using (var db = _h.Db())
        {
            var acme = await db.Customers.SingleAsync(c => c.Number == 1001);
            for (var i = 0; i < 37; i++)
            {
                db.Audit.Add(new AuditRecord
                {
                    At = PipelineHarness.Start.AddMinutes(-i - 1), Actor = "ava@example.com", Platform = Platform.Cli, Command = "show acme",
                    Action = AuditAction.View, RecordRef = "C-1001", CustomerId = acme.Id, Outcome = AuditOutcome.Allowed,
                });
            }
            await db.SaveChangesAsync();
        }

        var reply = await _h.AskAsync("root@example.com", "audit acme");

        var table = reply.Blocks.OfType<TableBlock>().Single();
        Assert.Equal(30, table.Rows.Count);
        Assert.Equal(7, table.More);
        Assert.Contains("latest 30 of 37", reply.FallbackText);
    }

    [Fact]
    public async Task Find_WithMoreMatchesThanShown_DoesNotClaimAnExactCount()
    {
        await using (var db = _h.Db())
        {
            for (var i = 1; i <= 15; i++)
                db.Customers.Add(new Customer(5000 + i, $"Zebulon Trading {i}", null, "EMEA", null) { CreatedAt = PipelineHarness.Start, UpdatedAt = PipelineHarness.Start });
            await db.SaveChangesAsync();
        }

        var reply = await _h.AskAsync("ava@example.com", "find zebulon");

        Assert.StartsWith("More than 8 customers match 'zebulon'", reply.FallbackText);
        Assert.DoesNotContain("9 customers match", reply.FallbackText);
        Assert.Equal(8, reply.Blocks.OfType<TableBlock>().Single().Rows.Count);
    }
}
