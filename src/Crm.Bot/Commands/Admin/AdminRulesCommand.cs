using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Identity;
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
        var nameOnly = rules.Where(r => r.IsNameOnlyGroup).ToList();
        context.Audit(AuditAction.Admin, detail: "role mappings listed");
        // Every value whole: an id or address cut short could be mistaken for another.
        var blocks = new List<ReplyBlock>
        {
            new HeadingBlock("Role mapping rules"),
            new TableBlock(null, ["Kind", "Match", "Group name", "Role", "Region", "By"],
                rules.Select(r => (IReadOnlyList<string>)[r.Kind.ToString().ToLowerInvariant(), r.Match, GroupName(r), r.Role.Name(), r.Region ?? "", r.CreatedBy]).ToList()),
        };
        if (nameOnly.Count > 0)
            blocks.Add(new TextBlock(NameOnlyWarning(nameOnly.Count), Emphasis: true));
        blocks.Add(new ContextBlock("Most specific wins: e-mail, then group, then department. Group rules match the group's directory object id; the name is shown only."));
        return new Reply
        {
            FallbackText = $"{rules.Count} role mapping rules." + (nameOnly.Count > 0 ? " " + NameOnlyWarning(nameOnly.Count) : ""),
            Tone = nameOnly.Count > 0 ? ReplyTone.Warning : ReplyTone.Normal,
            Blocks = blocks,
        };
    }

    private static string GroupName(RoleMappingRule rule) =>
        rule.Kind != MappingKind.Group ? "" : rule.IsNameOnlyGroup ? "name only: matches nobody" : rule.MatchName ?? "(name not known)";

    internal static string NameOnlyWarning(int count) =>
        $"{count} group rule(s) name a group by display name and match nobody: anyone can create a group of that name. " +
        "Map each group again (`admin map group \"CRM Finance\" finance-analyst` looks the name up in the directory and replaces the old rule), or remove it (`admin unmap group \"crm finance\"`).";
}
