using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Admin;

public sealed class AdminRulesCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "rules", "admin rules", "list the role mapping rules (e-mail beats group beats department)",
        ["admin rules"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "read role mappings");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var rules = (await context.Db.RoleMappings.AsNoTracking().ToListAsync(ct)).OrderBy(r => r.Kind).ThenBy(r => r.Match, StringComparer.Ordinal).ToList();
        context.Audit(AuditAction.Admin, detail: "role mappings listed");
        return new Reply
        {
            FallbackText = $"{rules.Count} role mapping rules.",
            Blocks =
            [
                new HeadingBlock("Role mapping rules"),
                new TableBlock(null, ["Kind", "Match", "Role", "Region", "By"],
                    rules.Select(r => (IReadOnlyList<string>)[r.Kind.ToString().ToLowerInvariant(), r.Match, r.Role.Name(), r.Region ?? "", r.CreatedBy]).ToList()),
                new ContextBlock("Most specific wins: e-mail, then group, then department."),
            ],
        };
    }
}
