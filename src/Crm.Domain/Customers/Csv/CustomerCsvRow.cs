using System.Globalization;
using Crm.Domain.Common;

namespace Crm.Domain.Customers.Csv;

/// <summary>
/// One data row of an import file, validated into a customer and its optional first contact. Every
/// field is checked on its own, so a row with several faults lists them all (not only the first).
/// <see cref="NameKey"/> and <see cref="Domain"/> are kept whenever they are valid, so duplicates are
/// reported beside the row's other faults.
/// </summary>
/// <see cref="Id"/> is the customer number of the "id" column (C-1001), when given; <see cref="Given"/> names
/// the columns with a value, so an update changes only those.
internal sealed record CustomerCsvRow(int Line, Customer? Customer, Contact? Contact, IReadOnlyList<string> Errors, string? Name, string? Domain)
{
    public string? NameKey => Name?.ToLowerInvariant();

    public long? Id { get; init; }

    public IReadOnlySet<string> Given { get; init; } = new HashSet<string>();

    public static CustomerCsvRow Parse(int line, Func<string, string?> field)
    {
        var errors = new List<string>();
        T? Check<T>(Func<T> validate)
        {
            try { return validate(); }
            catch (DomainException e) { errors.Add(e.Message); return default; }
        }

        var name = Check(() => Guard.Required(field(CustomerCsvColumns.Name), "Customer name", 200));
        var domain = Check(() => Guard.OptionalDomain(field(CustomerCsvColumns.Domain)));
        var region = Check(() => Guard.Optional(field(CustomerCsvColumns.Region), "Region", 40));
        var owner = Check(() => Guard.OptionalEmail(field(CustomerCsvColumns.Owner), "Owner"));
        var industry = Check(() => Guard.Optional(field(CustomerCsvColumns.Industry), "Industry", 100));
        var segment = Check(() => Guard.Optional(field(CustomerCsvColumns.Segment), "Segment", 40));
        var lifecycle = LifecycleStage.Lead;
        if (field(CustomerCsvColumns.Lifecycle) is { } stage &&
            !(Enum.TryParse(stage, ignoreCase: true, out lifecycle) && Enum.IsDefined(lifecycle) && !int.TryParse(stage, out _)))
            errors.Add($"Lifecycle '{stage}' is not one of lead, prospect, customer, churned; use one of those words or leave it empty (lead).");
        int? health = null;
        if (field(CustomerCsvColumns.Health) is { } healthText)
        {
            if (int.TryParse(healthText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var h))
                health = Check(() => (int?)Customer.CheckHealth(h));
            else
                errors.Add($"Health '{healthText}' is not a whole number from 0 to 100; give one, or leave it empty.");
        }
        decimal arr = 0;
        if (field(CustomerCsvColumns.Arr) is { } arrText)
        {
            if (decimal.TryParse(arrText, NumberStyles.Number & ~NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var parsed))
                arr = Check(() => Guard.NonNegativeAmount(parsed, "ARR"));
            else
                errors.Add($"ARR '{arrText}' is not an amount (digits with an optional '.' and up to two decimals, e.g. 48000 or 1250.50).");
        }
        var currency = Check(() => Guard.Currency(field(CustomerCsvColumns.Currency) ?? "USD"));

        long? id = null;
        if (field(CustomerCsvColumns.Id) is { } idText)
        {
            if (HumanId.TryParse(idText, out var prefix, out var number) && prefix == HumanId.Customer)
                id = number;
            else
                errors.Add($"Id '{UntrustedText.Clip(idText, 40)}' is not a customer id such as C-1001; give one to update that customer, or leave it empty.");
        }
        var given = CustomerCsvColumns.All.Where(c => field(c) is not null).ToHashSet();

        var contact = ParseContact(field, errors, Check);
        if (errors.Count > 0)
            return new CustomerCsvRow(line, null, null, errors, name, domain) { Id = id, Given = given };

        var customer = new Customer(0, name!, domain, region, owner) { Industry = industry, Segment = segment, Lifecycle = lifecycle };
        customer.SetHealth(health);
        customer.SetArr(arr, currency!);
        return new CustomerCsvRow(line, customer, contact, errors, name, domain) { Id = id, Given = given };
    }

    private static Contact? ParseContact(Func<string, string?> field, List<string> errors, Func<Func<string?>, string?> check)
    {
        var name = field(CustomerCsvColumns.ContactName);
        var email = field(CustomerCsvColumns.ContactEmail);
        var phone = field(CustomerCsvColumns.ContactPhone);
        var title = field(CustomerCsvColumns.ContactTitle);
        if (name is null && email is null && phone is null && title is null) return null;
        var before = errors.Count;
        if (name is null)
            errors.Add("contact_name is required when contact_email, contact_phone or contact_title is given; add the contact's name or clear those columns.");
        else
            check(() => Guard.Required(name, "Contact name", 200));
        check(() => Guard.OptionalEmail(email, "Contact e-mail"));
        check(() => Guard.Phone(phone));
        check(() => Guard.Optional(title, "Title", 100));
        return errors.Count == before ? new Contact(0, 0, name!, email, phone, title) : null;
    }
}
