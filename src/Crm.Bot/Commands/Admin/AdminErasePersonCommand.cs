using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Identity;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Privacy;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Admin;

/// <summary>
/// A data subject's erasure request: removes or pseudonymizes every row that holds the person's data.
/// Without <c>confirm</c> it only says what would be erased; the audit keeps a tombstone (who erased,
/// when, which kinds of rows), never the e-mail or names erased.
/// </summary>
/// <param name="principals">Cleared after the change so this host resolves roles afresh.</param>
public sealed class AdminErasePersonCommand(PrincipalCache principals) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "erase", "admin erase person <email> [confirm]",
        "remove a person's personal data everywhere (GDPR/CCPA erasure request)",
        ["admin erase person jane@acme.example", "admin erase person jane@acme.example confirm"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "erase a person's data");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var confirmed = args.Count == 3 && args.IsWord(2, "confirm");
        if (!args.IsWord(0, "person") || (args.Count != 2 && !confirmed))
            return ReplyKit.Usage(Descriptor, "Say whose data: `admin erase person <email>`, then the same with `confirm`.");
        var email = args.Word(1)!;
        if (PersonalData.Problem(email) is { } problem) return ReplyKit.Usage(Descriptor, problem);
        email = PersonalData.Normalize(email);
        if (string.Equals(email, context.Principal.Email, StringComparison.OrdinalIgnoreCase))
            return ReplyKit.Problem("You cannot erase your own data: it would remove your crm-admin mapping while you use it. Ask another crm-admin.");

        var data = new PersonalData(context.Db, context.Clock);
        if (!confirmed)
        {
            var export = await data.ExportAsync(email, ct);
            var counts = export.Kinds.Where(k => k.Rows.Count > 0).Select(k => $"{k.Rows.Count} {k.Kind}").ToList();
            return counts.Count == 0
                ? ReplyKit.Problem("Nothing is stored about that person; there is nothing to erase.")
                : Reply.Text($"Erasing would remove or pseudonymize: {string.Join(", ", counts)}. This cannot be undone; " +
                             $"consider `admin export person {email}` first. To go ahead: `admin erase person {email} confirm`.", ReplyTone.Warning);
        }

        var report = await data.EraseAsync(email, context.AuditScope, ct);
        // Identities cached on this host may hold the erased e-mail and role.
        principals.Clear();
        // The answer is stored and shown to others (outbox, stored answers): it names the pseudonym, never the e-mail.
        return ReplyKit.Done($"Erased: {report.Summary}. The audit trail records the erasure under {report.Pseudonym}.");
    }
}
