using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Audit;

/// <summary>Who viewed and changed a customer, from where; always only to the asker.</summary>
public sealed class AuditCustomerCommand : ICommand
{
    public const int Rows = 30;

    public CommandDescriptor Descriptor { get; } = new("audit", null, "audit <customer>", "who viewed and changed a customer, from where",
        ["audit acme"], [Permission.ReadAudit]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadAudit, "read the audit trail");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"audit {id}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var trail = context.Db.Audit.AsNoTracking().Where(a => a.CustomerId == customer.Id);
        var rows = await trail.OrderByDescending(a => a.At).ThenByDescending(a => a.Id).Take(Rows).ToListAsync(ct);
        // A full page is counted, so the answer says how many older entries it leaves out.
        var total = rows.Count < Rows ? rows.Count : await trail.CountAsync(ct);
        context.Audit(AuditAction.View, customer.HumanId, customer.Id, "audit trail read");
        var title = $"Audit of {customer.Name} ({customer.HumanId}), latest {rows.Count}" + (total > rows.Count ? $" of {total}" : "");
        return new Reply
        {
            Visibility = ReplyVisibility.Private,
            FallbackText = title,
            Blocks =
            [
                new HeadingBlock(title),
                new TableBlock(null, ["When", "Who", "Where", "What", "Record", "Outcome"],
                    rows.Select(a => (IReadOnlyList<string>)[context.PrivateTimes.Moment(a.At), a.Actor, a.Channel ?? $"{a.Platform.ToString().ToLowerInvariant()} (private)",
                        a.Action.ToString().ToLowerInvariant() + (a.Detail is null ? "" : ": " + a.Detail), a.RecordRef ?? "", a.Outcome.ToString().ToLowerInvariant()]).ToList(),
                    total - rows.Count),
                new ContextBlock("The full trail can be exported from the command line: audit export --since <date> <file.csv>."),
            ],
        };
    }
}
