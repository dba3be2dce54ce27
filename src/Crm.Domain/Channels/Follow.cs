using Crm.Domain.Customers;

namespace Crm.Domain.Channels;

/// <summary>A channel that is told of every change to a customer.</summary>
public sealed class Follow
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public ChatChannel? Channel { get; set; }
    public long CustomerId { get; set; }
    public Customer? Customer { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
}
