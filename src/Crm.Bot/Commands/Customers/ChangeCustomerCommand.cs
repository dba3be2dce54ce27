using System.Globalization;
using Crm.Bot.Commands.Deals;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
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
/// Changes a customer's own fields, one (<c>customer acme stage customer</c>) or several at once
/// (<c>customer C-1001 set stage=customer owner=max@example.com</c>, what the card's Edit form sends).
/// Every named field is checked by <see cref="EditPolicy"/> and validated before anything changes; only
/// fields whose value differs are written, each with its own timeline entry (of the field's class),
/// audit row and line in the followers' notice. All or nothing.
/// </summary>
public sealed class ChangeCustomerCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("customer", null,
        "customer <customer> <field> <value> · customer <customer> set <field>=<value> …",
        $"change a customer's field ({EditPolicy.AllCustomerFields})",
        ["customer acme owner max@example.com", "customer acme stage customer", "customer acme health 72", "customer acme name \"Acme Corp\"",
            "customer C-1001 set stage=customer industry=Retail"],
        [Permission.EditCustomer]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.EditCustomer, "change customers");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer, and what changes?");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"customer {id} {args.Rest(1)}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;
        var mayChange = EditPolicy.Changeable(context.Principal, customer.OwnerEmail, customer.Region, customer.HumanId);
        if (args.Count == 1)
            return ReplyKit.Usage(Descriptor, $"What should change on {customer.Name} ({customer.HumanId})? {YouMay(mayChange)}");

        var (assignments, problem) = FieldAssignments.Read(args, 1);
        if (problem is not null) return ReplyKit.Usage(Descriptor, problem);
        if (assignments.Count == 0) return ReplyKit.Problem($"Nothing to change on {customer.Name} ({customer.HumanId}): no field was given.");

        var fields = new List<(CustomerField Field, string Value)>();
        foreach (var a in assignments)
        {
            if (!EditPolicy.TryParse(a.Field, out CustomerField field))
                return ReplyKit.Problem($"A customer has no field '{Clip(a.Field)}'. {YouMay(mayChange)} A customer's fields are {EditPolicy.AllCustomerFields}.");
            if (a.Value.Length == 0 && assignments.Count == 1)
                return ReplyKit.Usage(Descriptor, $"What should the {EditPolicy.Name(field)} of {customer.HumanId} be?");
            fields.Add((field, a.Value));
        }

        // Everything is validated before anything changes: a refused value leaves the customer as it was.
        var changes = new List<Change>();
        foreach (var (field, value) in fields)
        {
            if (await PlanAsync(context, customer, field, value, ct) is { } change)
                changes.Add(change);
        }
        // The fields that change must each be allowed. A form sends the fields it shows, unchanged ones too:
        // those are not checked, so a card's form clicked by someone else changes only what they may change.
        // When nothing would change, every named field is checked, so a no-op never answers someone refused.
        foreach (var field in changes.Count > 0 ? changes.Select(c => c.Field) : fields.Select(f => f.Field))
        {
            var decision = EditPolicy.CanChange(context.Principal, field, customer.OwnerEmail, customer.Region, customer.HumanId);
            if (!decision.Allowed)
            {
                context.Audit(AuditAction.Denial, customer.HumanId, customer.Id, decision.Reason, AuditOutcome.Denied);
                return ReplyKit.Denied(decision.Reason!);
            }
        }
        if (changes.Count == 0)
            return Reply.Text(fields.Count == 1
                ? $"{customer.Name} ({customer.HumanId}) already has {EditPolicy.Name(fields[0].Field)} {Shown(fields[0].Field, customer)}; nothing changed."
                : $"{customer.Name} ({customer.HumanId}) already has these values; nothing changed.");
        if (changes.FirstOrDefault(c => c.Conflict is not null) is { Conflict: { } conflict })
            return ReplyKit.Problem(conflict);

        customer.UpdatedAt = context.Now;
        var lines = await RecordedFieldChanges.ApplyAsync(context, customer, customer.HumanId, TimelineKind.FieldChange, "",
            changes.Select(c => new FieldChange(EditPolicy.Name(c.Field), Label(c.Field), c.From, c.To, EditPolicy.ClassOf(c.Field), c.Apply)).ToList(), ct);
        var unchanged = fields.Count - changes.Count;
        return ReplyKit.Done($"{customer.Name} ({customer.HumanId}): {string.Join("; ", lines.Select(l => l.Text.TrimEnd('.')))}." +
                             (unchanged > 0 ? $" {unchanged} other field(s) already had the value given." : ""));
    }

    /// <summary>What a change will do, checked; null when the value is what the customer already has.</summary>
    private static async Task<Change?> PlanAsync(CommandContext context, Customer c, CustomerField field, string value, CancellationToken ct)
    {
        switch (field)
        {
            case CustomerField.Name:
                var name = Guard.Required(value, "Customer name", 200);
                return name == c.Name ? null : new Change(field, c.Name, name, () => c.Rename(name));
            case CustomerField.Domain:
                var domain = Guard.OptionalDomain(value);
                if (domain == c.Domain) return null;
                var holder = domain is null ? null : await context.Db.Customers.AsNoTracking()
                    .Where(o => o.Domain == domain && o.Id != c.Id).Select(o => new { o.Name, o.Number }).FirstOrDefaultAsync(ct);
                return new Change(field, Or(c.Domain), Or(domain), () => c.ChangeDomain(domain),
                    holder is null ? null : $"The domain {domain} already belongs to {holder.Name} ({HumanId.Format(HumanId.Customer, holder.Number)}); " +
                                            "a domain names one customer. Change that customer's domain first, or give another.");
            case CustomerField.Industry:
                var industry = Guard.Optional(value, "Industry", 100);
                return industry == c.Industry ? null : new Change(field, Or(c.Industry), Or(industry), () => c.ChangeIndustry(industry));
            case CustomerField.Segment:
                var segment = Guard.Optional(value, "Segment", 60);
                return segment == c.Segment ? null : new Change(field, Or(c.Segment), Or(segment), () => c.ChangeSegment(segment));
            case CustomerField.Region:
                var region = Guard.Optional(value, "Region", 40);
                return region == c.Region ? null : new Change(field, Or(c.Region), Or(region), () => c.ChangeRegion(region));
            case CustomerField.Owner:
                var owner = value.Length == 0 ? null : await MentionResolver.ResolveTextAsync(context, value, ct);
                return string.Equals(owner, c.OwnerEmail, StringComparison.OrdinalIgnoreCase) ? null
                    : new Change(field, Or(c.OwnerEmail), Or(owner), () => c.ChangeOwner(owner));
            case CustomerField.Stage:
                var stage = Customer.ParseStage(value);
                return stage == c.Lifecycle ? null : new Change(field, Lower(c.Lifecycle), Lower(stage), () => c.MoveTo(stage));
            case CustomerField.Health:
                var health = Customer.ParseHealth(value);
                return health == c.HealthScore ? null : new Change(field, Or(c.HealthScore?.ToString(CultureInfo.InvariantCulture)),
                    Or(health?.ToString(CultureInfo.InvariantCulture)), () => c.SetHealth(health));
            case CustomerField.Arr:
                var arr = Guard.NonNegativeAmount(ParseArr(value), "ARR");
                return arr == c.Arr ? null : new Change(field, ReplyKit.Money(c.Arr, c.Currency), ReplyKit.Money(arr, c.Currency), () => c.SetArr(arr, c.Currency));
            default:
                throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }

    private static decimal ParseArr(string value)
    {
        var text = value.Trim();
        var negative = text.StartsWith('-');
        if (NewDealCommand.ParseAmount(negative ? text[1..] : text) is not { } amount)
            throw new DomainException($"ARR '{Clip(text)}' is not an amount; give zero or more, such as 120000 or 120k.");
        return negative ? -amount : amount;
    }

    /// <summary>The customer's current value of a field, as the no-op answer shows it.</summary>
    private static string Shown(CustomerField field, Customer c) => field switch
    {
        CustomerField.Name => c.Name,
        CustomerField.Domain => Or(c.Domain),
        CustomerField.Industry => Or(c.Industry),
        CustomerField.Segment => Or(c.Segment),
        CustomerField.Region => Or(c.Region),
        CustomerField.Owner => Or(c.OwnerEmail),
        CustomerField.Stage => Lower(c.Lifecycle),
        CustomerField.Health => Or(c.HealthScore?.ToString(CultureInfo.InvariantCulture)),
        _ => ReplyKit.Money(c.Arr, c.Currency),
    };

    private static string YouMay(IReadOnlyList<CustomerField> fields) => fields.Count == 0
        ? "You may change none of its fields."
        : $"Fields you may change here: {string.Join(", ", fields.Select(EditPolicy.Name))}.";

    private static string Label(CustomerField field) => field switch
    {
        CustomerField.Arr => "ARR",
        CustomerField.Health => "Health",
        _ => char.ToUpperInvariant(EditPolicy.Name(field)[0]) + EditPolicy.Name(field)[1..],
    };

    private static string Or(string? value) => RecordedFieldChanges.Or(value);

    private static string Lower(LifecycleStage stage) => stage.ToString().ToLowerInvariant();

    private static string Clip(string s) => UntrustedText.Clip(s, 41);

    private sealed record Change(CustomerField Field, string From, string To, Action Apply, string? Conflict = null);
}
