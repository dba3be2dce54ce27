using Crm.Domain.Common;
using Crm.Domain.Customers;

namespace Crm.Domain.Tests.Customers;

public sealed class ContactInvariantsTests
{
    [Fact]
    public void Contact_NormalisesEmail_AndKeepsPhone()
    {
        var contact = new Contact(1001, 1, "Jane Roe", "Jane.Roe@Acme.Example", "+1 555 0100", "Head of Operations");
        Assert.Equal("jane.roe@acme.example", contact.Email);
        Assert.Equal("+1 555 0100", contact.Phone);
        Assert.Equal("P-1001", contact.HumanId);
    }

    [Fact]
    public void Contact_EmailAndPhoneAreOptional()
    {
        var contact = new Contact(1, 1, "Jane Roe", " ", null);
        Assert.Null(contact.Email);
        Assert.Null(contact.Phone);
    }

    [Fact]
    public void Contact_RequiresAName()
    {
        var error = Assert.Throws<DomainException>(() => new Contact(1, 1, " ", "jane@acme.example", null));
        Assert.Contains("Contact name is required", error.Message);
    }

    [Fact]
    public void Contact_RejectsInvalidEmail()
    {
        var error = Assert.Throws<DomainException>(() => new Contact(1, 1, "Jane", "jane@acme", null));
        Assert.Contains("Contact e-mail 'jane@acme' is not a valid address", error.Message);
    }

    [Fact]
    public void Contact_RejectsInvalidPhone()
    {
        var error = Assert.Throws<DomainException>(() => new Contact(1, 1, "Jane", null, "ring ring"));
        Assert.Contains("Phone 'ring ring' is not valid", error.Message);
    }

    [Fact]
    public void Contact_RejectsOverlongTitle() =>
        Assert.Throws<DomainException>(() => new Contact(1, 1, "Jane", null, null, new string('t', 101)));

    [Fact]
    public void ContactFields_AreChangedThroughTheEntity_AndValidated()
    {
        var contact = new Contact(1001, 1, "Jane Roe", "jane.roe@acme.example", "+1 555 0100", "Head of Operations");
        contact.Rename(" Jane Roe-Smith ");
        contact.ChangeTitle("CTO");
        contact.ChangeEmail("Jane@Acme.Example");
        contact.ChangePhone("+1 555 0101");
        Assert.Equal(("Jane Roe-Smith", "CTO", "jane@acme.example", "+1 555 0101"), (contact.Name, contact.Title, contact.Email, contact.Phone));

        Assert.Contains("Contact name is required", Assert.Throws<DomainException>(() => contact.Rename(" ")).Message);
        Assert.Contains("is not a valid address", Assert.Throws<DomainException>(() => contact.ChangeEmail("jane@")).Message);
        Assert.Contains("Phone 'call me' is not valid", Assert.Throws<DomainException>(() => contact.ChangePhone("call me")).Message);
        contact.ChangePhone("");
        contact.ChangeTitle(null);
        Assert.Equal((null, null), (contact.Phone, contact.Title));
    }
}
