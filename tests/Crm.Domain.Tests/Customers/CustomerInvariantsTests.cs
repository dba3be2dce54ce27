using Crm.Domain.Common;
using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public sealed class CustomerInvariantsTests
{
    private static Customer NewCustomer() => new(1001, "Acme Corporation", "acme.example", "EMEA", "ava@example.com");

    [Fact]
    public void NewCustomer_IsALead_WithHumanIdAndLowerCasedNameKey()
    {
        var customer = NewCustomer();
        Assert.Equal("C-1001", customer.HumanId);
        Assert.Equal(LifecycleStage.Lead, customer.Lifecycle);
        Assert.Equal("acme corporation", customer.NameKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Customer_RequiresAName(string? name)
    {
        var error = Assert.Throws<DomainException>(() => new Customer(1, name!, null, null, null));
        Assert.Contains("Customer name is required", error.Message);
    }

    [Fact]
    public void Customer_RejectsOverlongName() =>
        Assert.Throws<DomainException>(() => new Customer(1, new string('a', 201), null, null, null));

    [Fact]
    public void Rename_TrimsAndUpdatesNameKey()
    {
        var customer = NewCustomer();
        customer.Rename("  Acme GmbH ");
        Assert.Equal("Acme GmbH", customer.Name);
        Assert.Equal("acme gmbh", customer.NameKey);
    }

    [Theory]
    [InlineData("not a domain")]
    [InlineData("acme")]
    [InlineData("-acme.example")]
    public void Customer_RejectsInvalidDomain(string domain)
    {
        var error = Assert.Throws<DomainException>(() => NewCustomer().ChangeDomain(domain));
        Assert.Contains("Domain", error.Message);
    }

    [Fact]
    public void Customer_RejectsInvalidOwnerEmail() =>
        Assert.Throws<DomainException>(() => new Customer(1, "Globex", null, null, "ava-at-example"));

    [Theory]
    [InlineData(-1)]
    [InlineData(101)]
    public void HealthScore_MustBeBetween0And100(int score)
    {
        var error = Assert.Throws<DomainException>(() => NewCustomer().SetHealth(score));
        Assert.Contains("between 0 and 100", error.Message);
    }

    [Fact]
    public void HealthScore_MayBeCleared()
    {
        var customer = NewCustomer();
        customer.SetHealth(80);
        customer.SetHealth(null);
        Assert.Null(customer.HealthScore);
    }

    [Fact]
    public void Arr_MustNotBeNegative()
    {
        var error = Assert.Throws<DomainException>(() => NewCustomer().SetArr(-0.01m, "USD"));
        Assert.Contains("zero or more", error.Message);
    }

    [Fact]
    public void Arr_IsRoundedToCents_AndCurrencyNormalised()
    {
        var customer = NewCustomer();
        customer.SetArr(1234.567m, "eur");
        Assert.Equal(1234.57m, customer.Arr);
        Assert.Equal("EUR", customer.Currency);
    }

    [Fact]
    public void Arr_RejectsUnknownCurrencyShape() =>
        Assert.Throws<DomainException>(() => NewCustomer().SetArr(10m, "euro"));

    [Theory]
    [InlineData("lead", LifecycleStage.Lead)]
    [InlineData("Prospect", LifecycleStage.Prospect)]
    [InlineData(" CUSTOMER ", LifecycleStage.Customer)]
    [InlineData("churned", LifecycleStage.Churned)]
    public void ParseStage_TakesTheFourStages_InAnyCase(string text, LifecycleStage expected) =>
        Assert.Equal(expected, Customer.ParseStage(text));

    [Theory]
    [InlineData("won", "'won' is not a lifecycle stage; stages are lead, prospect, customer, churned.")]
    [InlineData("", "Which stage? Stages are lead, prospect, customer, churned.")]
    public void ParseStage_RefusesAnythingElse_ListingTheStages(string text, string message) =>
        Assert.Equal(message, Assert.Throws<DomainException>(() => Customer.ParseStage(text)).Message);

    [Theory]
    [InlineData("0", 0)]
    [InlineData("100", 100)]
    [InlineData(" 72 ", 72)]
    [InlineData("", null)]
    public void ParseHealth_TakesWholeNumbersFrom0To100_OrNothing(string text, int? expected) =>
        Assert.Equal(expected, Customer.ParseHealth(text));

    [Theory]
    [InlineData("101", "Health score must be between 0 and 100 (got 101).")]
    [InlineData("-1", "Health score must be between 0 and 100 (got -1).")]
    [InlineData("7.5", "Health score '7.5' is not a whole number; give one from 0 to 100, e.g. 72.")]
    public void ParseHealth_RefusesTheRest_SayingWhy(string text, string message) =>
        Assert.Equal(message, Assert.Throws<DomainException>(() => Customer.ParseHealth(text)).Message);

    [Fact]
    public void IndustrySegmentAndStage_AreChangedThroughTheEntity_Trimmed_OrCleared()
    {
        var customer = NewCustomer();
        customer.ChangeIndustry("  Retail ");
        customer.ChangeSegment("SMB");
        customer.MoveTo(LifecycleStage.Churned);
        Assert.Equal(("Retail", "SMB", LifecycleStage.Churned), (customer.Industry, customer.Segment, customer.Lifecycle));
        customer.ChangeIndustry(" ");
        Assert.Null(customer.Industry);
        Assert.Contains("Industry is too long", Assert.Throws<DomainException>(() => customer.ChangeIndustry(new string('x', 101))).Message);
    }
}
