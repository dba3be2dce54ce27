using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>A validated new contact; the same e-mail anywhere, or the same name at the customer, is shown first.</summary>
public sealed class NewContactCommand : ICommand
{
    private static readonly string[] Fields = ["phone", "title"];

    public CommandDescriptor Descriptor { get; } = new("new", "contact",
        "new contact <customer> \"<name>\" [<e-mail>] [phone <phone>] [title <title>]", "add a person at a customer",
        ["new contact acme \"Jane Roe\" jane.roe@acme.example"], [Permission.CreateContact]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.CreateContact, "create contacts");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which customer, and who?" : "What is the contact's name?");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"new contact {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;

        var i = 2;
        if (args.At(1)!.Kind != TokenKind.Quoted)
            while (i < args.Count && !args.Word(i)!.Contains('@') && !Fields.Any(f => args.IsWord(i, f)) && !args.IsWord(i, "--anyway")) i++;
        var name = Guard.Required(args.Rest(1, i), "Contact name", 200);
        string? email = null;
        if (i < args.Count && args.Word(i)!.Contains('@') && args.At(i)!.Kind == TokenKind.Word)
            email = Guard.Email(args.Word(i++), "Contact e-mail");
        var values = Keywords.Read(args, i, Fields, Descriptor.Usage);
        var contact = new Contact(await Numbers.NextContactAsync(context.Db, ct), customer.Id, name, email, values.GetValueOrDefault("phone"),
            values.GetValueOrDefault("title")) { CreatedAt = context.Now };

        if (!args.HasFlag("--anyway"))
        {
            var key = contact.Name.ToLowerInvariant();
            var same = await context.Db.Contacts.AsNoTracking()
                .Where(c => (contact.Email != null && c.Email == contact.Email) || (c.CustomerId == customer.Id && c.Name.ToLower() == key))
                .Select(c => new { c.Number, c.Name, c.Email, CustomerNumber = c.Customer!.Number })
                .ToListAsync(ct);
            if (same.Count > 0)
                return DuplicateReply.Build($"contact \"{contact.Name}\"",
                    same.Select(c => (HumanId.Format(HumanId.Contact, c.Number), c.Name,
                        c.Email == contact.Email && c.Email is not null ? $"same e-mail {c.Email}" : "same name at this customer",
                        $"show {HumanId.Format(HumanId.Customer, c.CustomerNumber)}")).ToList(), args);
        }

        context.Db.Contacts.Add(contact);
        context.Audit(AuditAction.Change, contact.HumanId, customer.Id, $"contact added to {customer.HumanId}");
        return ReplyKit.Done($"Added {contact.Name} ({contact.HumanId}) at {customer.Name} ({customer.HumanId}).");
    }
}
