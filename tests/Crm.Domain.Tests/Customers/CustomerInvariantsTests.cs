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
}
