using Crm.Domain.Common;
using Crm.Domain.Invoices;

namespace Crm.Domain.Tests.Invoices;

public sealed class InvoiceInvariantsTests
{
    private static readonly DateOnly Issued = new(2026, 10, 1);

    [Fact]
    public void DueDate_BeforeIssueDate_IsRejected()
    {
        var error = Assert.Throws<DomainException>(() => new Invoice(1, 1, 100m, "USD", Issued, Issued.AddDays(-1)));
        Assert.Contains("before its issue date", error.Message);
    }

    [Fact]
    public void DueDate_OnIssueDate_IsAllowed() =>
        Assert.Equal(Issued, new Invoice(1, 1, 100m, "USD", Issued, Issued).DueOn);

    [Fact]
    public void NegativeAmount_IsRejected() =>
        Assert.Throws<DomainException>(() => new Invoice(1, 1, -5m, "USD", Issued, Issued.AddDays(30)));

    [Fact]
    public void InvalidCurrency_IsRejected() =>
        Assert.Throws<DomainException>(() => new Invoice(1, 1, 5m, "US$", Issued, Issued.AddDays(30)));

    [Fact]
    public void Overdue_OnlyWhenUnpaidAndPastDue()
    {
        var invoice = new Invoice(1001, 1, 12_500m, "USD", Issued, Issued.AddDays(30));
        Assert.False(invoice.IsOverdue(Issued.AddDays(30)));
        Assert.True(invoice.IsOverdue(Issued.AddDays(31)));
        invoice.MarkPaid(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero));
        Assert.False(invoice.IsOverdue(Issued.AddDays(31)));
    }

    [Fact]
    public void MarkPaid_Twice_IsRejected()
    {
        var invoice = new Invoice(1001, 1, 12_500m, "USD", Issued, Issued.AddDays(30));
        var paidAt = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
        invoice.MarkPaid(paidAt);
        var error = Assert.Throws<DomainException>(() => invoice.MarkPaid(paidAt.AddDays(1)));
        Assert.Contains("INV-1001 was already marked paid on 2026-11-20", error.Message);
        Assert.Equal(paidAt, invoice.PaidAt);
    }
}
