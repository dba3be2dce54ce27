using Crm.Domain.Common;

namespace Crm.Domain.Customers;

public enum LifecycleStage
{
    Lead,
    Prospect,
    Customer,
    Churned,
}

public sealed class Customer
{
    private Customer() { }

    public Customer(long number, string name, string? domain, string? region, string? ownerEmail)
    {
        Number = number;
        Rename(name);
        Domain = Guard.OptionalDomain(domain);
        Region = Guard.Optional(region, "Region", 40);
        OwnerEmail = Guard.OptionalEmail(ownerEmail, "Owner");
        Lifecycle = LifecycleStage.Lead;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Customer, Number);
    public string Name { get; private set; } = "";
    /// <summary>Lower-cased name, for case-insensitive exact and prefix search on both providers.</summary>
    public string NameKey { get; private set; } = "";
    public string? Domain { get; private set; }
    public string? Industry { get; set; }
    public string? Segment { get; set; }
    public string? Region { get; private set; }
    public string? OwnerEmail { get; private set; }
    public LifecycleStage Lifecycle { get; set; }
    public int? HealthScore { get; private set; }
    public decimal Arr { get; private set; }
    public string Currency { get; private set; } = "USD";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<Contact> Contacts { get; private set; } = [];

    public void Rename(string name)
    {
        Name = Guard.Required(name, "Customer name", 200);
        NameKey = Name.ToLowerInvariant();
    }

    public void ChangeDomain(string? domain) => Domain = Guard.OptionalDomain(domain);
    public void ChangeRegion(string? region) => Region = Guard.Optional(region, "Region", 40);
    public void ChangeOwner(string? ownerEmail) => OwnerEmail = Guard.OptionalEmail(ownerEmail, "Owner");

    public void SetHealth(int? score) => HealthScore = CheckHealth(score);

    /// <summary>A health score as stored (0–100 or none); otherwise the reason it is refused.</summary>
    public static int? CheckHealth(int? score) =>
        score is < 0 or > 100 ? throw new DomainException($"Health score must be between 0 and 100 (got {score}).") : score;

    public void SetArr(decimal arr, string currency)
    {
        Arr = Guard.NonNegativeAmount(arr, "ARR");
        Currency = Guard.Currency(currency);
    }
}
