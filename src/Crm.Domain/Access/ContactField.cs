namespace Crm.Domain.Access;

/// <summary>A contact's fields that can be changed from chat (all personal data, field class contact).</summary>
public enum ContactField
{
    Name,
    Title,
    Email,
    Phone,
}
