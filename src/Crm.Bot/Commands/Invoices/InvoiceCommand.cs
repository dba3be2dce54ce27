using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Invoices;

/// <summary>Finance marks payments; a customer's invoices are listed at financial clearance only.</summary>
public sealed class InvoiceCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("invoice", null, "invoice <INV-id> paid · invoice <customer>",
        "mark an invoice paid, or list a customer's invoices", ["invoice INV-1001 paid", "invoice acme"],
        [Permission.ReadInvoices, Permission.WriteInvoice]);

    public Requirement? RequiredFor(CommandArgs args) => IsMarkPaid(args)
        ? new Requirement(Permission.WriteInvoice, "mark invoices paid")
        : new Requirement(Permission.ReadInvoices, "list invoices");

    public bool Changes(CommandArgs args) => IsMarkPaid(args);

    private static bool IsMarkPaid(CommandArgs args) => args.Count >= 2 && args.IsWord(args.Count - 1, "paid");

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor);
        if (IsMarkPaid(args)) return await MarkPaidAsync(context, args, ct);

        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0), id => $"invoice {id}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var view = await CustomerViewLoader.LoadAsync(context.Db, customer.Id, context.Today, ct)
                   ?? throw new InvalidOperationException("Customer vanished.");
        var redacted = Redactor.Redact(view, context.ReplyAudience);
        if (!redacted.Shows(FieldClass.Financial))
        {
            context.Audit(AuditAction.Denial, customer.HumanId, customer.Id, $"invoices not shown to {redacted.Redaction.Audience}", AuditOutcome.Denied);
            return ReplyKit.Denied($"Invoices are financial data, which {redacted.Redaction.Audience} may not see ({redacted.Redaction.Why}). Ask privately, or in a channel bound to Finance.")
                with { Redaction = redacted.Redaction };
        }
        context.Audit(AuditAction.View, customer.HumanId, customer.Id, $"invoices shown to {redacted.Redaction.Audience}");
        var invoices = redacted.View.Invoices;
        var text = invoices.Count == 0 ? $"{customer.Name} ({customer.HumanId}) has no invoices." : $"Invoices of {customer.Name} ({customer.HumanId}):";
        return new Reply
        {
            Visibility = context.Visibility,
            FallbackText = text + " " + string.Join("; ", invoices.Select(i => $"{i.Id} {ReplyKit.Money(i.Amount, i.Currency)} due {ReplyKit.Date(i.DueOn)}{(i.Paid ? " paid" : i.Overdue ? " overdue" : "")}")),
            Blocks = invoices.Count == 0 ? [new TextBlock(text)] : [new TextBlock(text), CustomerCard.InvoiceTable(invoices)],
            Redaction = redacted.Redaction,
        };
    }

    private static async Task<Reply> MarkPaidAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (!HumanId.TryParse(args.Word(0)!, out var prefix, out var number) || prefix != HumanId.Invoice || args.Count != 2)
            return ReplyKit.Problem("Give the invoice id, e.g. `invoice INV-1001 paid`.");
        var invoice = await context.Db.Invoices.Include(i => i.Customer).FirstOrDefaultAsync(i => i.Number == number, ct);
        if (invoice is null) return ReplyKit.Problem($"There is no invoice {HumanId.Format(HumanId.Invoice, number)}.");
        invoice.MarkPaid(context.Now);
        var customer = invoice.Customer!;
        var change = $"invoice {invoice.HumanId} of {ReplyKit.Money(invoice.Amount, invoice.Currency)} marked paid";
        context.Timeline(customer.Id, TimelineKind.Invoice, FieldClass.Financial, change, invoice.HumanId);
        context.Audit(AuditAction.Change, invoice.HumanId, customer.Id, change);
        await FollowNotifier.NotifyAsync(context, customer, [new ChangeLine($"Invoice {invoice.HumanId} of {ReplyKit.Money(invoice.Amount, invoice.Currency)} was paid.", FieldClass.Financial)], ct);
        return ReplyKit.Done($"Marked {invoice.HumanId} ({customer.Name}, {ReplyKit.Money(invoice.Amount, invoice.Currency)}) paid.");
    }
}
