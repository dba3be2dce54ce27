using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Admin;

public sealed class AdminChannelsCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "channels", "admin channels", "list known channels and their bindings",
        ["admin channels"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "list channel bindings");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var channels = (await context.Db.Channels.AsNoTracking().ToListAsync(ct)).OrderBy(c => c.Platform).ThenBy(c => c.Name, StringComparer.Ordinal).ToList();
        context.Audit(AuditAction.Admin, detail: "channels listed");
        return new Reply
        {
            FallbackText = $"{channels.Count} channels.",
            Blocks =
            [
                new HeadingBlock("Channels"),
                new TableBlock(null, ["Channel", "Reference", "Department", "Shows"],
                    channels.Select(c => (IReadOnlyList<string>)[c.Name, c.Ref, c.Department?.ToString() ?? "unbound",
                        string.Join(", ", FieldClasses.Visible(Audience.ChannelClearance(c.Department)))]).ToList()),
            ],
        };
    }
}
