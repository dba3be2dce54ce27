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
    public void ChangeIndustry(string? industry) => Industry = Guard.Optional(industry, "Industry", 100);
    public void ChangeSegment(string? segment) => Segment = Guard.Optional(segment, "Segment", 60);
    public void MoveTo(LifecycleStage stage) => Lifecycle = stage;

    public static string StageNames => string.Join(", ", Enum.GetValues<LifecycleStage>().Select(s => s.ToString().ToLowerInvariant()));

    /// <summary>A lifecycle stage by its name (lead, prospect, customer, churned); otherwise the reason it is refused.</summary>
    public static LifecycleStage ParseStage(string? text)
    {
        var key = text?.Trim() ?? "";
        foreach (var stage in Enum.GetValues<LifecycleStage>())
            if (string.Equals(stage.ToString(), key, StringComparison.OrdinalIgnoreCase))
                return stage;
        throw new DomainException(key.Length == 0
            ? $"Which stage? Stages are {StageNames}."
            : $"'{UntrustedText.Clip(key, 41)}' is not a lifecycle stage; stages are {StageNames}.");
    }

    /// <summary>A health score typed by a person: a whole number from 0 to 100, or empty for none.</summary>
    public static int? ParseHealth(string? text)
    {
        var t = text?.Trim() ?? "";
        if (t.Length == 0) return null;
        if (!int.TryParse(t, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var score))
            throw new DomainException($"Health score '{UntrustedText.Clip(t, 41)}' is not a whole number; give one from 0 to 100, e.g. 72.");
        return CheckHealth(score);
    }

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
