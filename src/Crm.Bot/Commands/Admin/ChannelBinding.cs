using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Admin;

/// <summary>Binding and unbinding channels, shared by "admin channel" (this channel) and "admin bind / unbind" (any channel by reference).</summary>
public static class ChannelBinding
{
    public static Reply Bind(CommandContext context, ChatChannel channel, Department? department)
    {
        var before = channel.Department;
        channel.Department = department;
        channel.BoundBy = department is null ? null : context.ActorEmail;
        channel.BoundAt = department is null ? null : context.Now;
        var change = $"#{channel.Name} ({channel.Ref}): {before?.ToString() ?? "unbound"} → {department?.ToString() ?? "unbound"}";
        context.Audit(AuditAction.Admin, detail: $"channel binding {change}");
        var shows = string.Join(", ", FieldClasses.Visible(Audience.ChannelClearance(department)));
        return ReplyKit.Done($"Channel {change}. Cards posted there now show {shows}.");
    }

    /// <summary>"slack:T0DEMO:C0SALES" → the stored channel (created unbound if it was never seen).</summary>
    public static async Task<ChatChannel> FindAsync(CommandContext context, string reference, CancellationToken ct)
    {
        var parts = reference.Split(':', 3);
        if (parts.Length != 3 || !Enum.TryParse<Platform>(parts[0], true, out var platform) || !Enum.IsDefined(platform) || parts[0].Any(char.IsDigit)
            || parts[1].Length == 0 || parts[2].Length == 0)
            throw new DomainException($"'{reference}' is not a channel reference; write platform:workspace:channel, e.g. slack:T0DEMO:C0SALES.");
        var channel = await context.Db.Channels.FirstOrDefaultAsync(c => c.Platform == platform && c.Workspace == parts[1] && c.ExternalId == parts[2], ct);
        if (channel is not null) return channel;
        channel = new ChatChannel
        {
            Platform = platform,
            Workspace = Guard.Required(parts[1], "Workspace", 200),
            ExternalId = Guard.Required(parts[2], "Channel id", 200),
            Name = parts[2],
        };
        context.Db.Channels.Add(channel);
        return channel;
    }

    public static Department? ParseTarget(string? text) =>
        text is null ? throw new DomainException($"Which department? Use one of {DepartmentNames.AllNames}, or none.")
        : text.Equals("none", StringComparison.OrdinalIgnoreCase) || text.Equals("unbind", StringComparison.OrdinalIgnoreCase) ? null
        : DepartmentNames.TryParse(text, out var d) ? d
        : throw new DomainException($"'{text}' is not a department; use one of {DepartmentNames.AllNames}, or none.");
}
