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

/// <summary>Maps an e-mail, a directory group or a department to a role (replacing an earlier rule for the same match).</summary>
public sealed class AdminMapCommand : ICommand
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
        var match = Match(kind, args.Word(1)!);
        if (!RoleNames.TryParse(args.Word(2), out var role))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(2)}' is not a role; roles are {RoleNames.AllNames}.");
        string? region = null;
        if (args.Count > 3)
        {
            if (!args.IsWord(3, "region") || args.Count != 5)
                return ReplyKit.Usage(Descriptor, "Only a region may follow the role.");
            region = Guard.Required(args.Word(4), "Region", 40);
        }

        var existing = await context.Db.RoleMappings.FirstOrDefaultAsync(r => r.Kind == kind && r.Match == match, ct);
        string change;
        if (existing is null)
        {
            context.Db.RoleMappings.Add(new RoleMappingRule(kind, match, role, region, context.ActorEmail, context.Now));
            change = $"{Lower(kind)} \"{match}\" → {role.Name()}";
        }
        else
        {
            change = $"{Lower(kind)} \"{match}\": {existing.Role.Name()} → {role.Name()}";
            existing.Role = role;
            existing.Region = region?.ToUpperInvariant();
        }
        if (region is not null) change += $" (region {region.ToUpperInvariant()})";
        context.Audit(AuditAction.Admin, detail: $"role mapping {change}");
        context.Services.GetRequiredService<PrincipalCache>().Clear();
        return ReplyKit.Done($"Mapped {change}. It applies on the next command (other hosts within a few minutes).");
    }

    internal static string Match(MappingKind kind, string text) => kind switch
    {
        MappingKind.Email => Guard.Email(text, "E-mail"),
        MappingKind.Department when !DepartmentNames.TryParse(text, out _) =>
            throw new DomainException($"'{text}' is not a department; use one of {DepartmentNames.AllNames}."),
        _ => Guard.Required(text, "Match", 200).ToLowerInvariant(),
    };

    internal static string Lower(MappingKind kind) => kind.ToString().ToLowerInvariant();
}
