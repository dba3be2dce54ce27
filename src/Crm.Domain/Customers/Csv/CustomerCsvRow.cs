using Crm.Domain.Common;

namespace Crm.Domain.Customers.Csv;

/// <summary>One data row of an import file, validated into a customer and its optional first contact.</summary>
internal sealed record CustomerCsvRow(int Line, Customer? Customer, Contact? Contact, IReadOnlyList<string> Errors)
{
    public static CustomerCsvRow Parse(int line, Func<string, string?> field)
    {
        var errors = new List<string>();
        T? Check<T>(Func<T> validate)
        {
            try { return validate(); }
            catch (DomainException e) { errors.Add(e.Message); return default; }
        }

        var customer = Check(() => new Customer(0, field(CustomerCsvColumns.Name)!, field(CustomerCsvColumns.Domain),
            field(CustomerCsvColumns.Region), field(CustomerCsvColumns.Owner)));
        var industry = Check(() => Guard.Optional(field(CustomerCsvColumns.Industry), "Industry", 100));
        var segment = Check(() => Guard.Optional(field(CustomerCsvColumns.Segment), "Segment", 40));
        var lifecycle = LifecycleStage.Lead;
        if (field(CustomerCsvColumns.Lifecycle) is { } stage &&
            !(Enum.TryParse(stage, ignoreCase: true, out lifecycle) && Enum.IsDefined(lifecycle)))
            errors.Add($"Lifecycle '{stage}' is not one of lead, prospect, customer, churned.");
        int? health = null;
        if (field(CustomerCsvColumns.Health) is { } healthText)
        {
            if (int.TryParse(healthText, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var h)) health = h;
            else errors.Add($"Health '{healthText}' is not a whole number from 0 to 100.");
        }
        decimal arr = 0;
        if (field(CustomerCsvColumns.Arr) is { } arrText &&
            !decimal.TryParse(arrText, System.Globalization.NumberStyles.Number & ~System.Globalization.NumberStyles.AllowThousands,
                System.Globalization.CultureInfo.InvariantCulture, out arr))
            errors.Add($"ARR '{arrText}' is not an amount (digits with an optional '.' and up to two decimals, e.g. 48000 or 1250.50).");
        var currency = field(CustomerCsvColumns.Currency) ?? "USD";

        if (customer is not null)
        {
            customer.Industry = industry;
            customer.Segment = segment;
            customer.Lifecycle = lifecycle;
            Check(() => { customer.SetHealth(health); return 0; });
            Check(() => { customer.SetArr(arr, currency); return 0; });
        }

        var contact = ParseContact(field, errors, Check);
        return new CustomerCsvRow(line, errors.Count == 0 ? customer : null, errors.Count == 0 ? contact : null, errors);
    }

    private static Contact? ParseContact(Func<string, string?> field, List<string> errors, Func<Func<Contact>, Contact?> check)
    {
        var name = field(CustomerCsvColumns.ContactName);
        var email = field(CustomerCsvColumns.ContactEmail);
        var phone = field(CustomerCsvColumns.ContactPhone);
        var title = field(CustomerCsvColumns.ContactTitle);
        if (name is null && email is null && phone is null && title is null) return null;
        if (name is null)
        {
            errors.Add("contact_name is required when contact_email, contact_phone or contact_title is given.");
            return null;
        }
        return check(() => new Contact(0, 0, name, email, phone, title));
    }
}
