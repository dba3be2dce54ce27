using Crm.Domain.Access;
using Crm.Domain.Channels;
using Crm.Domain.Common;

namespace Crm.Jobs.Digests;

/// <summary>
/// What may be posted into a channel: the field classes of its department's base role (product.md),
/// basic only when the channel is not bound to a department.
/// </summary>
internal static class ChannelClearance
{
    public static FieldClass For(ChatChannel channel) => channel.Department switch
    {
        Department.Sales => FieldClass.Basic | FieldClass.Contact | FieldClass.Commercial | FieldClass.SupportSummary,
        Department.Support => FieldClass.Basic | FieldClass.Contact | FieldClass.Support,
        Department.Finance => FieldClass.Basic | FieldClass.Commercial | FieldClass.Financial,
        Department.Marketing => FieldClass.Basic | FieldClass.Aggregates,
        Department.Management => FieldClass.All,
        _ => FieldClass.Basic,
    };

    public static string AudienceName(ChatChannel channel)
    {
        var name = channel.Platform == Platform.Slack ? $"#{channel.Name}" : channel.Name;
        return channel.Department is { } d ? $"{name} ({d} clearance)" : $"{name} (unbound, basic clearance)";
    }
}
