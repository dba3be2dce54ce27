using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Replies;

/// <summary>
/// Renders a customer that was already cut by <see cref="Redactor"/>. It never decides what is
/// shown: a part the audience may not read is empty in the view and so absent from the card.
/// </summary>
public static class CustomerCard
{
    /// <param name="times">The zone of whoever reads the card: the viewer's own, or the channel's for a post.</param>
    /// <param name="follows">Whether the channel it is shown in follows the customer (its button is then Unfollow); null in a private chat, where following means nothing.</param>
    public static Reply Build(RedactedCustomer redacted, ReplyVisibility visibility, Principal? viewer, TimeDisplay times, string? title = null, bool? follows = null)
    {
        var v = redacted.View;
        var blocks = new List<ReplyBlock> { new HeadingBlock(title ?? $"{v.Name} ({v.Id})") };
        foreach (var change in v.Changes)
            blocks.Add(new TextBlock(change.Text));

        var fields = new List<ReplyField>();
        Add(fields, "Domain", v.Domain);
        Add(fields, "Industry", v.Industry);
        Add(fields, "Segment", v.Segment);
        Add(fields, "Region", v.Region);
        Add(fields, "Owner", v.Owner);
        Add(fields, "Stage", v.Lifecycle);
        if (v.Arr is { } arr) Add(fields, "ARR", ReplyKit.Money(arr, v.Currency));
        if (v.Health is { } health) Add(fields, "Health", $"{health}/100");
        if (v.OpenTickets is { } open) Add(fields, "Open tickets", v.WorstOpenPriority is { } worst ? $"{open} (highest {worst})" : open.ToString());
        if (v.OverdueInvoices is { } overdue)
            Add(fields, "Overdue", overdue == 0 ? "none" : $"{overdue} invoice(s), {ReplyKit.Money(v.OverdueTotal ?? 0, v.OverdueCurrency)}");
        if (fields.Count > 0) blocks.Add(new FieldsBlock(fields));

        if (v.Contacts.Count > 0)
            blocks.Add(new TableBlock("Contacts", ["Id", "Name", "Title", "E-mail", "Phone"],
                v.Contacts.Select(c => (IReadOnlyList<string>)[c.Id, c.Name, c.Title ?? "", c.Email ?? "", c.Phone ?? ""]).ToList()));
        if (v.Deals.Count > 0)
            blocks.Add(new TableBlock("Deals", ["Id", "Name", "Stage", "Amount", "Close", "Owner"],
                v.Deals.Select(d => (IReadOnlyList<string>)[d.Id, d.Name, d.Stage, ReplyKit.Money(d.Amount, d.Currency), ReplyKit.Date(d.CloseDate), d.Owner ?? ""]).ToList()));
        if (v.Tickets.Count > 0)
            blocks.Add(new TableBlock("Open tickets", ["Id", "Subject", "Priority", "Status", "SLA due"],
                v.Tickets.Select(t => (IReadOnlyList<string>)[t.Id, t.Subject, t.Priority, t.Status, times.Moment(t.SlaDueAt)]).ToList()));
        if (v.Invoices.Count > 0)
            blocks.Add(InvoiceTable(v.Invoices));
        if (v.Timeline.Count > 0)
            blocks.Add(new TableBlock("Latest on the timeline", ["When", "Who", "What"],
                v.Timeline.Select(t => (IReadOnlyList<string>)[times.Moment(t.At), $"{t.Actor} ({t.Platform})", t.Text]).ToList()));

        if (redacted.Redaction.Footer() is { } footer)
            blocks.Add(new ContextBlock(footer));
        if (viewer is not null && Buttons(v.Id, viewer, follows) is { } buttons
            && (CustomerEditForm.Button(redacted, viewer) is { } edit ? [.. buttons, edit] : buttons) is { Count: > 0 } shown)
            blocks.Add(new ActionsBlock(shown));

        // Text-only clients and notifications see just this line, so it carries the same (already redacted) facts in brief.
        var summary = string.Join(" · ", new[]
        {
            $"{v.Name} ({v.Id})", v.Region, v.Owner is null ? null : "owner " + v.Owner, v.Lifecycle,
            v.Arr is { } a ? "ARR " + ReplyKit.Money(a, v.Currency) : null,
            v.Deals.Count == 0 ? null : "deals " + string.Join(", ", v.Deals.Select(d => $"{d.Id} {d.Name} ({d.Stage}, {ReplyKit.Money(d.Amount, d.Currency)})")),
            v.OpenTickets is { } openCount ? $"{openCount} open ticket(s)" : null,
            v.Tickets.Count == 0 ? null : "tickets " + string.Join(", ", v.Tickets.Select(t => $"{t.Id} {t.Subject}")),
            v.Invoices.Count == 0 ? null : "invoices " + string.Join(", ", v.Invoices.Select(i => $"{i.Id} {ReplyKit.Money(i.Amount, i.Currency)}{(i.Overdue ? " overdue" : i.Paid ? " paid" : "")}")),
        }.Where(s => !string.IsNullOrEmpty(s)));
        return new Reply { Visibility = visibility, FallbackText = summary, Blocks = blocks, Redaction = redacted.Redaction };
    }

    public static TableBlock InvoiceTable(IReadOnlyList<InvoiceLine> invoices) =>
        new("Invoices", ["Id", "Amount", "Due", "Status"],
            invoices.Select(i => (IReadOnlyList<string>)[i.Id, ReplyKit.Money(i.Amount, i.Currency), ReplyKit.Date(i.DueOn),
                i.Paid ? "paid" : i.Overdue ? "overdue" : "open"]).ToList());

    /// <summary>What the viewer may do next; each button runs a command, forms ask for its inputs first.</summary>
    public static IReadOnlyList<ReplyButton> Buttons(string customerId, Principal viewer, bool? follows = null)
    {
        var buttons = new List<ReplyButton>();
        if (viewer.Has(Permission.WriteNote))
            buttons.Add(new ReplyButton("Add note", $"note {customerId} {{text}}", ButtonStyle.Primary,
                new ReplyForm("Add a note", "Save", [new FormInput("text", "Note", Multiline: true, MaxLength: 2000)])));
        if (viewer.Has(Permission.OfferHandoff))
            buttons.Add(new ReplyButton("Hand off", $"handoff {customerId} to {{department}} {{note}}", ButtonStyle.Default,
                new ReplyForm("Hand off", "Offer", [
                    new FormInput("department", "To department", Choices: Enum.GetNames<Department>().Select(n => n.ToLowerInvariant()).ToList()),
                    new FormInput("note", "Note", Multiline: true, MaxLength: 2000)])));
        if (viewer.Has(Permission.ReadCustomers))
            buttons.Add(new ReplyButton("Timeline", $"timeline {customerId}"));
        // Following is a channel's; the button says what a click would do now.
        if (viewer.Has(Permission.Follow) && follows is { } following)
            buttons.Add(following ? new ReplyButton("Unfollow", $"unfollow {customerId}") : new ReplyButton("Follow", $"follow {customerId}"));
        return buttons;
    }

    private static void Add(List<ReplyField> fields, string label, string? value)
    {
        if (!string.IsNullOrEmpty(value)) fields.Add(new ReplyField(label, value));
    }
}
