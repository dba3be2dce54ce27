using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Admin;

/// <param name="principals">Cleared after the change so this host resolves roles afresh.</param>
public sealed class AdminUnmapCommand(PrincipalCache principals) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "unmap", "admin unmap email|group|department <match>",
        "remove a role mapping", ["admin unmap group \"CRM Finance\""], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "change role mappings");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count != 2) return ReplyKit.Usage(Descriptor);
        if (!Enum.TryParse<MappingKind>(args.Word(0), true, out var kind) || !Enum.IsDefined(kind) || args.Word(0)!.Any(char.IsDigit))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(0)}' is not a kind of rule; use email, group or department.");
        var match = AdminMapCommand.Match(kind, args.Word(1)!);
        var rule = await context.Db.RoleMappings.FirstOrDefaultAsync(r => r.Kind == kind && r.Match == match, ct);
        if (rule is null && kind == MappingKind.Group)
        {
            // A group rule is kept by id; the admin may name it by the group's name it shows.
            var named = await context.Db.RoleMappings.Where(r => r.Kind == kind && r.MatchName != null && r.MatchName.ToLower() == match).ToListAsync(ct);
            if (named.Count > 1)
                return ReplyKit.Problem($"Several group rules are for groups named \"{args.Word(1)}\": {string.Join(", ", named.Select(r => r.Match))}. Remove one by its id, e.g. `admin unmap group {named[0].Match}`.");
            rule = named.SingleOrDefault();
        }
        if (rule is null) return ReplyKit.Problem($"There is no {AdminMapCommand.Lower(kind)} rule for \"{match}\". See them with `admin rules`.");
        if (rule.Role == Role.CrmAdmin && kind == MappingKind.Email && match == context.ActorEmail)
            return ReplyKit.Problem("You cannot remove your own crm-admin mapping; ask another crm-admin, so the CRM always keeps one.");
        context.Db.RoleMappings.Remove(rule);
        context.Audit(AuditAction.Admin, detail: $"role mapping removed: {AdminMapCommand.Lower(kind)} \"{match}\" ({rule.Role.Name()})");
        principals.Clear();
        return ReplyKit.Done($"Removed the {AdminMapCommand.Lower(kind)} rule \"{match}\" ({rule.Role.Name()}).");
    }
}
