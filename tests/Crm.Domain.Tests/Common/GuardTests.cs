using Crm.Domain.Common;

namespace Crm.Domain.Tests.Common;

public sealed class GuardTests
{
    [Theory]
    [InlineData("jane.roe@acme.example")]
    [InlineData("JANE@Acme.Example")]
    public void Email_AcceptsValidAddresses(string email) =>
        Assert.Equal(email.ToLowerInvariant(), Guard.Email(email));

    [Theory]
    [InlineData("jane")]
    [InlineData("jane@")]
    [InlineData("jane@acme")]
    [InlineData("Jane Roe <jane@acme.example>")]
    [InlineData("jane@@acme.example")]
    public void Email_RejectsInvalidAddresses(string email)
    {
        var error = Assert.Throws<DomainException>(() => Guard.Email(email));
        Assert.Contains("not a valid address", error.Message);
    }

    [Theory]
    [InlineData("+1 555 0100")]
    [InlineData("(030) 123-456")]
    public void Phone_AcceptsCommonFormats(string phone) => Assert.Equal(phone, Guard.Phone(phone));

    [Theory]
    [InlineData("call me")]
    [InlineData("12")]
    public void Phone_RejectsNonsense(string phone) => Assert.Throws<DomainException>(() => Guard.Phone(phone));

    [Fact]
    public void Required_RejectsControlCharacters() =>
        Assert.Throws<DomainException>(() => Guard.Required("Acme\u0007", "Name"));

    [Theory]
    [InlineData("https://Acme.Example/path", "acme.example")]
    [InlineData("globex.example", "globex.example")]
    public void Domain_IsNormalised(string given, string expected) => Assert.Equal(expected, Guard.Domain(given));
}
