using Crm.Domain.Common;
using Crm.Domain.Customers;

namespace Crm.Domain.Deals;

public sealed class Deal
{
    private Deal() { }

    public Deal(long number, long customerId, string name, decimal amount, string currency, DateOnly? closeDate, string? ownerEmail)
    {
        Number = number;
        CustomerId = customerId;
        Rename(name);
        ChangeAmount(amount, currency);
        CloseDate = closeDate;
        OwnerEmail = Guard.OptionalEmail(ownerEmail, "Owner");
        Stage = DealStage.Qualify;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Deal, Number);
    public long CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public string Name { get; private set; } = "";
    public DealStage Stage { get; private set; }
    public decimal Amount { get; private set; }
    public string Currency { get; private set; } = "USD";
    public DateOnly? CloseDate { get; private set; }
    public string? OwnerEmail { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>When the stage last changed; digests report moves since their previous run.</summary>
    public DateTimeOffset StageChangedAt { get; set; }

    public void Rename(string name) => Name = Guard.Required(name, "Deal name", 200);

    public void ChangeAmount(decimal amount, string? currency = null)
    {
        Amount = Guard.NonNegativeAmount(amount, "Deal amount");
        Currency = Guard.Currency(currency ?? Currency);
    }

    public void ChangeCloseDate(DateOnly? closeDate) => CloseDate = closeDate;

    public void ChangeOwner(string ownerEmail) => OwnerEmail = Guard.Email(ownerEmail, "Owner");

    /// <summary>
    /// Moves the deal along. Any open stage may go to any other stage (deals skip and fall back in
    /// real life), but a won or lost deal stays closed until it is explicitly reopened.
    /// </summary>
    public void MoveTo(DealStage target, DateTimeOffset now)
    {
        if (target == Stage)
            throw new DomainException($"Deal {HumanId} is already in {Stage.ToString().ToLowerInvariant()}.");
        if (Stage.IsClosed())
            throw new DomainException(
                $"Deal {HumanId} is {Stage.ToString().ToLowerInvariant()}; reopen it first with `deal {HumanId} reopen`.");
        Stage = target;
        StageChangedAt = now;
    }

    /// <summary>Reopens a won or lost deal into negotiate (the last open stage).</summary>
    public void Reopen(DateTimeOffset now)
    {
        if (!Stage.IsClosed())
            throw new DomainException($"Deal {HumanId} is still open ({Stage.ToString().ToLowerInvariant()}); only won or lost deals can be reopened.");
        Stage = DealStage.Negotiate;
        StageChangedAt = now;
    }

    /// <summary>Test and seed helper: place a new deal directly in a stage.</summary>
    public void Seat(DealStage stage, DateTimeOffset at)
    {
        Stage = stage;
        StageChangedAt = at;
    }
}
