using Crm.Domain.Replies;

namespace Crm.Domain.Access;

/// <summary>A view cut to what its audience may read, with the account of what was cut.</summary>
public sealed record RedactedCustomer(CustomerView View, Redaction Redaction, Audience Audience)
{
    public bool Shows(FieldClass fieldClass) => Audience.Reads.CanRead(fieldClass);
}

/// <summary>
/// The one place where customer data is cut to an audience. Everything that renders customer data
/// (cards, lists, notifications, shares) goes through <see cref="Redact"/> first, so renderers never
/// decide what may be shown.
/// </summary>
public static class Redactor
{
    public static RedactedCustomer Redact(CustomerView view, Audience audience)
    {
        var r = audience.Reads;
        var cut = view with
        {
            Name = view.Name,
            Domain = r.CanRead(FieldClass.Basic) ? view.Domain : null,
            Industry = r.CanRead(FieldClass.Basic) ? view.Industry : null,
            Segment = r.CanRead(FieldClass.Basic) ? view.Segment : null,
            Region = r.CanRead(FieldClass.Basic) ? view.Region : null,
            Owner = r.CanRead(FieldClass.Basic) ? view.Owner : null,
            Lifecycle = r.CanRead(FieldClass.Basic) ? view.Lifecycle : null,
            Contacts = r.CanRead(FieldClass.Contact) ? view.Contacts : [],
            Arr = r.CanRead(FieldClass.Commercial) ? view.Arr : null,
            Currency = r.CanRead(FieldClass.Commercial) ? view.Currency : null,
            Deals = r.CanRead(FieldClass.Commercial) ? view.Deals : [],
            Health = r.CanRead(FieldClass.SupportSummary) ? view.Health : null,
            OpenTickets = r.CanRead(FieldClass.SupportSummary) ? view.OpenTickets : null,
            WorstOpenPriority = r.CanRead(FieldClass.SupportSummary) ? view.WorstOpenPriority : null,
            Tickets = r.CanRead(FieldClass.Support) ? view.Tickets : [],
            OverdueInvoices = r.CanRead(FieldClass.FinancialSummary) ? view.OverdueInvoices : null,
            OverdueTotal = r.CanRead(FieldClass.FinancialSummary) ? view.OverdueTotal : null,
            OverdueCurrency = r.CanRead(FieldClass.FinancialSummary) ? view.OverdueCurrency : null,
            Invoices = r.CanRead(FieldClass.Financial) ? view.Invoices : [],
            Timeline = view.Timeline.Where(t => r.CanRead(t.Class)).Take(CustomerView.LatestEntries).ToList(),
            Changes = view.Changes.Select(c => r.CanRead(c.Class) ? c : Withheld(c)).ToList(),
        };
        return new RedactedCustomer(cut, Account(audience), audience);
    }

    /// <summary>What the audience may not read and why: the account every reply cut for it carries.</summary>
    public static Redaction Account(Audience audience) =>
        new(audience.Name, FieldClasses.Visible(audience.Reads), FieldClasses.Hidden(audience.Reads), audience.Why)
        {
            HiddenBy = HiddenBy(audience),
            Person = audience.PersonReads is null ? null : audience.Person,
            PersonRole = audience.PersonReads is null ? null : audience.PersonRole,
        };

    /// <summary>Each class the audience may not read, put down to the channel's clearance, the person's role, or both.</summary>
    public static IReadOnlyList<HiddenClass>? HiddenBy(Audience audience)
    {
        if (audience.ChannelReads is null && audience.PersonReads is null) return null;
        return FieldClasses.Named.Where(c => !audience.Reads.CanRead(c)).Select(c =>
        {
            var byChannel = audience.ChannelReads is { } channel && !channel.CanRead(c);
            var byRole = audience.PersonReads is { } person && !person.CanRead(c);
            var by = byChannel && byRole ? HiddenCause.Both : byRole ? HiddenCause.Role : HiddenCause.Channel;
            return new HiddenClass(c.Name(), by);
        }).ToList();
    }

    private static ChangeLine Withheld(ChangeLine change) =>
        new($"A change to {change.Class.Name()} data (not shown to this audience).", FieldClass.Basic);
}
