using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Admin;

/// <summary>
/// Maps an e-mail, a directory group or a department to a role (replacing an earlier rule for the same
/// match). A group is stored by its directory object id, found through the directory when the admin
/// gives its name; the name is kept beside it for display only.
/// </summary>
/// <param name="principals">Cleared after the change so this host resolves roles afresh.</param>
/// <param name="groups">Looks a group up in the directory when a rule names one; absent without Microsoft Graph.</param>
public sealed class AdminMapCommand(PrincipalCache principals, IGroupDirectory? groups = null) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "map", "admin map email|group|department <match> <role> [region <region>]",
        "map people to a role", ["admin map group \"CRM Finance\" finance-analyst", "admin map email max@example.com sales-manager region EMEA"],
        [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "change role mappings");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 3) return ReplyKit.Usage(Descriptor);
        if (!Enum.TryParse<MappingKind>(args.Word(0), true, out var kind) || !Enum.IsDefined(kind) || args.Word(0)!.Any(char.IsDigit))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(0)}' is not a kind of rule; use email, group or department.");
        // A group is looked up below, once the rest of the command is known to be right.
        var match = kind == MappingKind.Group ? "" : Match(kind, args.Word(1)!);
        if (!RoleNames.TryParse(args.Word(2), out var role))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(2)}' is not a role; roles are {RoleNames.AllNames}.");
        string? region = null;
        if (args.Count > 3)
        {
            if (!args.IsWord(3, "region") || args.Count != 5)
                return ReplyKit.Usage(Descriptor, "Only a region may follow the role.");
            region = Guard.Required(args.Word(4), "Region", 40);
        }

        string? groupName = null;
        if (kind == MappingKind.Group)
        {
            var group = await GroupAsync(context, args.Word(1)!, args.Word(2)!, ct);
            if (group.Answer is { } answer) return answer;
            (match, groupName) = (group.Id!, group.Name);
        }

        var existing = await context.Db.RoleMappings.FirstOrDefaultAsync(r => r.Kind == kind && r.Match == match, ct);
        var shown = groupName is null ? $"\"{match}\"" : $"\"{groupName}\" ({match})";
        string change;
        if (existing is null)
        {
            context.Db.RoleMappings.Add(new RoleMappingRule(kind, match, role, region, context.ActorEmail, context.Now, groupName));
            change = $"{Lower(kind)} {shown} → {role.Name()}";
        }
        else
        {
            change = $"{Lower(kind)} {shown}: {existing.Role.Name()} → {role.Name()}";
            existing.Role = role;
            existing.Region = region?.ToUpperInvariant();
        }
        if (region is not null) change += $" (region {region.ToUpperInvariant()})";
        // An old rule naming this group by its display name is replaced by this one.
        var replaced = groupName is null ? [] : await context.Db.RoleMappings
            .Where(r => r.Kind == MappingKind.Group && r.Match == groupName.ToLower()).ToListAsync(ct);
        foreach (var old in replaced.Where(r => r.IsNameOnlyGroup))
        {
            context.Db.RoleMappings.Remove(old);
            change += $"; the name-only rule \"{old.Match}\" ({old.Role.Name()}) is replaced";
        }
        context.Audit(AuditAction.Admin, detail: $"role mapping {change}");
        principals.Clear();
        var unnamed = kind == MappingKind.Group && groupName is null
            ? " The directory could not be asked for the group's name, so only its id is shown."
            : "";
        return ReplyKit.Done($"Mapped {change}. It applies on the next command (other hosts within a few minutes).{unnamed}");
    }

    /// <summary>
    /// The group a rule is for: an object id as given (its name looked up when the directory can be
    /// asked), or a display name resolved to exactly one group's id. Otherwise an answer saying why not.
    /// </summary>
    private async Task<(string? Id, string? Name, Reply? Answer)> GroupAsync(CommandContext context, string given, string roleWord, CancellationToken ct)
    {
        var directory = groups is { IsAvailable: true } ? groups : null;
        var tenant = context.Request.Platform == Platform.Teams ? context.Request.Workspace : null;
        if (Guid.TryParse(given, out var objectId))
        {
            var id = objectId.ToString();
            if (directory is null) return (id, null, null);
            var group = await directory.FindByIdAsync(tenant, id, ct);
            return group is null
                ? (null, null, ReplyKit.Problem($"No group in the directory has the object id {id}. Check it in the Entra admin centre (Groups → the group → Object ID), or give the group's name in quotes."))
                : (id, group.DisplayName, null);
        }

        var name = Guard.Required(given, "Group", 256);
        if (directory is null)
            return (null, null, ReplyKit.Problem(
                $"Group rules match a group's directory object id, and no directory (Microsoft Graph) is configured to look up \"{name}\". " +
                $"Give the group's object id instead: `admin map group <object-id> {roleWord}`."));
        var found = await directory.FindByNameAsync(tenant, name, ct);
        switch (found.Count)
        {
            case 0:
                return (null, null, ReplyKit.Problem(
                    $"No group named \"{name}\" is in the directory. Check the exact name, or give the group's object id: `admin map group <object-id> {roleWord}`."));
            case 1:
                return (Guid.Parse(found[0].Id).ToString(), found[0].DisplayName, null);
            default:
                var rows = found.Select(g => (IReadOnlyList<string>)[g.DisplayName, g.Id, $"admin map group {g.Id} {roleWord}"]).ToList();
                var more = found.Count >= ListedGroupsLimit ? $" (the first {found.Count}; there may be more)" : "";
                return (null, null, new Reply
                {
                    FallbackText = $"{found.Count} groups are named \"{name}\"{more}; nothing was mapped. Pick one by its id: " +
                                   string.Join("; ", found.Select(g => $"admin map group {g.Id} {roleWord}")),
                    Tone = ReplyTone.Warning,
                    Blocks =
                    [
                        new TextBlock($"{found.Count} groups are named \"{name}\"{more}, so nothing was mapped. A name is anyone's to give a new group; pick the one you mean by its object id."),
                        new TableBlock(null, ["Name", "Object id", "Command"], rows),
                    ],
                });
        }
    }

    /// <summary>The directory lists at most this many groups of one name (Graph's page for the lookup).</summary>
    private const int ListedGroupsLimit = 50;

    internal static string Match(MappingKind kind, string text) => kind switch
    {
        MappingKind.Email => Guard.Email(text, "E-mail"),
        MappingKind.Department when !DepartmentNames.TryParse(text, out _) =>
            throw new DomainException($"'{text}' is not a department; use one of {DepartmentNames.AllNames}."),
        _ => Guard.Required(text, "Match", 200).ToLowerInvariant(),
    };

    internal static string Lower(MappingKind kind) => kind.ToString().ToLowerInvariant();
}
