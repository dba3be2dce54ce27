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
    public static FieldClass For(ChatChannel channel) => Audience.ChannelClearance(channel.Department);

    public static string AudienceName(ChatChannel channel)
    {
        var name = channel.Platform == Platform.Slack ? $"#{channel.Name}" : channel.Name;
        return channel.Department is { } d ? $"{name} ({d} clearance)" : $"{name} (unbound, basic clearance)";
    }
}
