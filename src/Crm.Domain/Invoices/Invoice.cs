using Crm.Domain.Common;
using Crm.Domain.Customers;

namespace Crm.Domain.Invoices;

/// <summary>Financial data: only audiences that may read the <c>financial</c> field class see it.</summary>
public sealed class Invoice
{
    private Invoice() { }

    public Invoice(long number, long customerId, decimal amount, string currency, DateOnly issuedOn, DateOnly dueOn)
    {
        if (dueOn < issuedOn)
            throw new DomainException($"Invoice due date {dueOn:yyyy-MM-dd} is before its issue date {issuedOn:yyyy-MM-dd}.");
        Number = number;
        CustomerId = customerId;
        Amount = Guard.NonNegativeAmount(amount, "Invoice amount");
        Currency = Guard.Currency(currency);
        IssuedOn = issuedOn;
        DueOn = dueOn;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Invoice, Number);
    public long CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public DateOnly IssuedOn { get; private set; }
    public DateOnly DueOn { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }

    public bool IsPaid => PaidAt is not null;
    public bool IsOverdue(DateOnly today) => IsOverdueOn(DueOn, IsPaid, today);

    /// <summary>The overdue rule, for callers holding the columns rather than the entity.</summary>
    public static bool IsOverdueOn(DateOnly dueOn, bool paid, DateOnly today) => !paid && dueOn < today;

    public void MarkPaid(DateTimeOffset at)
    {
        if (IsPaid)
            throw new DomainException($"Invoice {HumanId} was already marked paid on {PaidAt:yyyy-MM-dd}.");
        PaidAt = at;
    }
}
