using Crm.Domain.Common;

namespace Crm.Domain.Customers;

/// <summary>A person at a customer. Everything here is personal data (field class <c>contact</c>).</summary>
public sealed class Contact
{
    private Contact() { }

    public Contact(long number, long customerId, string name, string? email, string? phone, string? title = null)
    {
        Number = number;
        CustomerId = customerId;
        Name = Guard.Required(name, "Contact name", 200);
        Email = Guard.OptionalEmail(email, "Contact e-mail");
        Phone = Guard.Phone(phone);
        Title = Guard.Optional(title, "Title", 100);
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Contact, Number);
    public long CustomerId { get; private set; }
    public Customer? Customer { get; private set; }
    public string Name { get; private set; } = "";
    public string? Title { get; private set; }
    public string? Email { get; private set; }
    public string? Phone { get; private set; }
    public DateTimeOffset CreatedAt { get; set; }

    public void Rename(string name) => Name = Guard.Required(name, "Contact name", 200);
    public void ChangeTitle(string? title) => Title = Guard.Optional(title, "Title", 100);
    public void ChangeEmail(string? email) => Email = Guard.OptionalEmail(email, "Contact e-mail");
    public void ChangePhone(string? phone) => Phone = Guard.Phone(phone);
}
