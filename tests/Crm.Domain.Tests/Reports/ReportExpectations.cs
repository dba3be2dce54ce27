using Crm.Domain.Deals;
using Crm.Domain.Reports;
using Crm.Domain.Tickets;
using Crm.Testing;

namespace Crm.Domain.Tests.Reports;

/// <summary>The hand-counted figures of <see cref="ReportScenario"/>, the same on every provider.</summary>
internal static class ReportExpectations
{
    public static void Pipeline(PipelineReport r)
    {
        Assert.Equal([DealStage.Qualify, DealStage.Propose, DealStage.Negotiate], r.ByStage.Select(s => s.Stage));
        Assert.Equal([1, 1, 1], r.ByStage.Select(s => s.Count));
        Assert.Equal([new Money("USD", 20_000m)], r.ByStage[0].Amount);
        Assert.Equal([new Money("EUR", 10_000m)], r.ByStage[1].Amount);
        Assert.Equal([new Money("USD", 48_000m)], r.ByStage[2].Amount);
        Assert.Equal(3, r.OpenCount);
        Assert.Equal(2, r.MovesSince);
        Assert.Equal(["D-2003", "D-1001"], r.RecentMoves.Select(m => m.DealId));
        Assert.Equal(DealStage.Won, r.RecentMoves[0].Stage);
        Assert.Equal(1, r.CreatedSince);
        Assert.Equal(1, r.SlippingCount);
        Assert.Equal([new Money("EUR", 10_000m)], r.SlippingAmount);
        Assert.Equal("D-2001", Assert.Single(r.Slipping).DealId);
        Assert.Equal([new SegmentCount("SMB", 2), new SegmentCount("Enterprise", 1)], r.BySegment);
    }

    public static void Tickets(TicketsReport r)
    {
        Assert.Equal(1, r.OpenByPriority[TicketPriority.Urgent]);
        Assert.Equal(1, r.OpenByPriority[TicketPriority.High]);
        Assert.Equal(1, r.OpenByPriority[TicketPriority.Normal]);
        Assert.False(r.OpenByPriority.ContainsKey(TicketPriority.Low));
        Assert.Equal(3, r.OpenCount);
        Assert.Equal(2, r.BreachedCount);
        Assert.Equal(["T-2003", "T-2001"], r.Breached.Select(t => t.TicketId));
        Assert.Equal(["T-2003", "T-2001", "T-1001"], r.Oldest.Select(t => t.TicketId));
        Assert.Equal(3, r.OpenedSince);
        Assert.Equal(1, r.ResolvedSince);
        Assert.Equal(2, r.BreachedSince);
    }

    public static void Renewals(RenewalsReport r)
    {
        Assert.Equal(2, r.Count);
        Assert.Equal([new Money("USD", 68_000m)], r.Amount);
        Assert.Equal(1, r.AtRiskCount);
        Assert.Equal(["D-1001", "D-2002"], r.Renewals.Select(d => d.DealId));
        Assert.Equal([62, 40], r.Renewals.Select(d => d.Health));
        Assert.Equal(2, r.ChangedSince);
        Assert.Equal(ReportScenario.Today.AddDays(60), r.WindowEnd);
    }

    public static void Overdue(OverdueReport r)
    {
        Assert.Equal(3, r.Count);
        Assert.Equal([new Money("USD", 13_500m), new Money("EUR", 3_000m)], r.Total);
        Assert.Equal([2, 0, 0, 1], r.Aging.Select(b => b.Count));
        Assert.Equal([new Money("USD", 13_500m)], r.Aging[0].Amount);
        Assert.Equal([new Money("EUR", 3_000m)], r.Aging[3].Amount);
        Assert.Equal(["INV-1001", "INV-2001", "INV-2002"], r.Largest.Select(i => i.InvoiceId));
        Assert.Equal([15, 100, 3], r.Largest.Select(i => i.DaysOverdue));
        Assert.Equal(1, r.NewlyOverdueSince);
        Assert.Equal(1, r.PaidSince);
        Assert.Equal([new Money("USD", 2_000m)], r.PaidSinceAmount);
    }

    public static void Quality(QualityReport r)
    {
        Assert.Equal(1, r.MissingOwnerCount);
        Assert.Equal("C-2001", Assert.Single(r.MissingOwner).CustomerId);
        Assert.Equal(1, r.MissingIndustryCount);
        Assert.Equal("C-2001", Assert.Single(r.MissingIndustry).CustomerId);
        Assert.Equal(1, r.DuplicateGroupCount);
        var group = Assert.Single(r.Duplicates);
        Assert.Equal(("domain", "globex.example", 2), (group.SharedBy, group.Value, group.Count));
        Assert.Equal(["C-2001", "C-2002"], group.CustomerIds);
        Assert.Equal(1, r.StaleDealCount);
        Assert.Equal("D-2001", Assert.Single(r.StaleDeals).DealId);
        Assert.Equal(1, r.NewGapsSince);
    }
}
