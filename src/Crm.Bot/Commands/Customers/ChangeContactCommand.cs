using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>
/// Changes a contact's name, title, e-mail or phone (<c>contact jane.roe@acme.example title "CTO"</c>),
/// found by e-mail or id (P-1001). Contact data is personal: the timeline entry and the followers' line
/// are of class contact, so only audiences that read contacts see them.
/// </summary>
public sealed class ChangeContactCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("contact", null,
        "contact <e-mail or P-id> <field> <value> · contact <e-mail or P-id> set <field>=<value> …",
        $"change a contact's field ({EditPolicy.AllContactFields})",
        ["contact jane.roe@acme.example title \"CTO\"", "contact jane.roe@acme.example phone \"+1 555 0101\"", "contact P-1001 name \"Jane Roe-Smith\""],
        [Permission.EditContact]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.EditContact, "change contacts");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which contact, and what changes?" : $"What should change? A contact's fields are {EditPolicy.AllContactFields}.");
        var reference = args.Word(0)!.Trim();
        List<Contact> found;
        if (HumanId.TryParse(reference, out var prefix, out var number) && prefix == HumanId.Contact)
            found = await context.Db.Contacts.Include(c => c.Customer).Where(c => c.Number == number).ToListAsync(ct);
        else if (reference.Contains('@'))
        {
            var email = reference.ToLowerInvariant();
            found = await context.Db.Contacts.Include(c => c.Customer).Where(c => c.Email == email).OrderBy(c => c.Number).Take(6).ToListAsync(ct);
        }
        else
            return ReplyKit.Usage(Descriptor, $"'{Clip(reference)}' is neither a contact's e-mail nor a contact id such as P-1001 (see contacts with `show <customer>`).");
        if (found.Count == 0) return ReplyKit.Problem($"There is no contact {Clip(reference)}. See a customer's contacts with `show <customer>`.");
        if (found.Count > 1)
            return ReplyKit.Problem($"{found.Count} contacts have the e-mail {Clip(reference)}: " +
                                    string.Join(", ", found.Select(c => $"{c.Name} ({c.HumanId}) at {c.Customer!.Name}")) + ". Name one by its id, e.g. " +
                                    $"`contact {found[0].HumanId} {args.Rest(1)}`.");
        var contact = found[0];
        var customer = contact.Customer!;

        var (assignments, problem) = FieldAssignments.Read(args, 1);
        if (problem is not null) return ReplyKit.Usage(Descriptor, problem);
        if (assignments.Count == 0) return ReplyKit.Problem($"Nothing to change on {contact.Name} ({contact.HumanId}): no field was given.");
        var fields = new List<(ContactField Field, string Value)>();
        foreach (var a in assignments)
        {
            if (!EditPolicy.TryParse(a.Field, out ContactField field))
                return ReplyKit.Problem($"A contact has no field '{Clip(a.Field)}'. " +
                                        (EditPolicy.CanChange(context.Principal, ContactField.Name).Allowed
                                            ? $"Fields you may change: {EditPolicy.AllContactFields}."
                                            : "You may change none of a contact's fields."));
            if (a.Value.Length == 0 && assignments.Count == 1 && field is ContactField.Name)
                return ReplyKit.Usage(Descriptor, $"What should the name of {contact.HumanId} be?");
            var decision = EditPolicy.CanChange(context.Principal, field);
            if (!decision.Allowed)
            {
                context.Audit(AuditAction.Denial, contact.HumanId, customer.Id, decision.Reason, AuditOutcome.Denied);
                return ReplyKit.Denied(decision.Reason!);
            }
            fields.Add((field, a.Value));
        }

        var changes = new List<FieldChange>();
        foreach (var (field, value) in fields)
        {
            switch (field)
            {
                case ContactField.Name:
                    var name = Guard.Required(value, "Contact name", 200);
                    if (name != contact.Name) changes.Add(Change(field, contact.Name, name, () => contact.Rename(name)));
                    break;
                case ContactField.Title:
                    var title = Guard.Optional(value, "Title", 100);
                    if (title != contact.Title) changes.Add(Change(field, Or(contact.Title), Or(title), () => contact.ChangeTitle(title)));
                    break;
                case ContactField.Phone:
                    var phone = Guard.Phone(value);
                    if (phone != contact.Phone) changes.Add(Change(field, Or(contact.Phone), Or(phone), () => contact.ChangePhone(phone)));
                    break;
                case ContactField.Email:
                    var email = Guard.OptionalEmail(value, "Contact e-mail");
                    if (email == contact.Email) break;
                    if (email is not null && await context.Db.Contacts.AsNoTracking().Where(c => c.Email == email && c.Id != contact.Id)
                            .Select(c => new { c.Name, c.Number, Customer = c.Customer!.Name }).FirstOrDefaultAsync(ct) is { } holder)
                        return ReplyKit.Problem($"{email} is already the e-mail of {holder.Name} ({HumanId.Format(HumanId.Contact, holder.Number)}) at {holder.Customer}; " +
                                                "each contact has an address of their own. Change that contact first, or give another address.");
                    changes.Add(Change(field, Or(contact.Email), Or(email), () => contact.ChangeEmail(email)));
                    break;
            }
        }
        if (changes.Count == 0)
            return Reply.Text($"{contact.Name} ({contact.HumanId}) already has {(fields.Count == 1 ? $"that {EditPolicy.Name(fields[0].Field)}" : "these values")}; nothing changed.");

        var who = $"Contact {contact.Name} ({contact.HumanId})";
        await RecordedFieldChanges.ApplyAsync(context, customer, contact.HumanId, TimelineKind.ContactChange, $"{who}: ", changes, ct);
        return ReplyKit.Done($"{who} at {customer.Name}: {string.Join("; ", changes.Select(c => $"{c.Name} {c.From} → {c.To}"))}.");
    }

    /// <summary>Contact data is personal: every change of a contact is of class contact.</summary>
    private static FieldChange Change(ContactField field, string from, string to, Action apply) =>
        new(EditPolicy.Name(field), EditPolicy.Name(field), from, to, FieldClass.Contact, apply);

    private static string Or(string? value) => RecordedFieldChanges.Or(value);

    private static string Clip(string s) => UntrustedText.Clip(s, 41);
}
