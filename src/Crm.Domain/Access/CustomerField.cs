namespace Crm.Domain.Access;

/// <summary>A customer's own fields that can be changed from chat, in the order forms and lists show them.</summary>
public enum CustomerField
{
    Name,
    Domain,
    Industry,
    Segment,
    Region,
    Owner,
    Stage,
    Health,
    Arr,
}
