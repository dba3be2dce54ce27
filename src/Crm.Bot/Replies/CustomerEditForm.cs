using System.Globalization;
using Crm.Domain.Access;
using Crm.Domain.Customers;
using Crm.Domain.Replies;

namespace Crm.Bot.Replies;

/// <summary>
/// The card's Edit button: a form with exactly the fields the viewer may change (<see cref="EditPolicy"/>,
/// the rule the <c>customer</c> command applies), pre-filled with the current values, and submitted as one
/// <c>customer C-1001 set field=value …</c> command. Only fields of classes the card's audience reads are
/// offered and their values come from the redacted view, so a card posted into a channel never carries
/// in its form what the channel may not see.
/// </summary>
public static class CustomerEditForm
{
    public const string Label = "Edit";

    /// <summary>The Edit button for <paramref name="viewer"/>, or null when they may change nothing the audience may read.</summary>
    public static ReplyButton? Button(RedactedCustomer redacted, Principal viewer)
    {
        var v = redacted.View;
        var fields = EditPolicy.Changeable(viewer, v.Owner, v.Region, v.Id).Where(f => redacted.Shows(EditPolicy.ClassOf(f))).ToList();
        if (fields.Count == 0) return null;
        var inputs = fields.Select(f => Input(f, v)).ToList();
        var command = $"customer {v.Id} set " + string.Join(' ', fields.Select(f => $"{EditPolicy.Name(f)}={{{EditPolicy.Name(f)}}}"));
        return new ReplyButton(Label, command, ButtonStyle.Default, new ReplyForm($"Edit {v.Id}", "Save", inputs));
    }

    private static FormInput Input(CustomerField field, CustomerView v) => field switch
    {
        CustomerField.Name => new FormInput("name", "Name", MaxLength: 200, Initial: v.Name),
        CustomerField.Domain => new FormInput("domain", "Domain", Required: false, MaxLength: 253, Initial: v.Domain),
        CustomerField.Industry => new FormInput("industry", "Industry", Required: false, MaxLength: 100, Initial: v.Industry),
        CustomerField.Segment => new FormInput("segment", "Segment", Required: false, MaxLength: 60, Initial: v.Segment),
        CustomerField.Region => new FormInput("region", "Region", Required: false, MaxLength: 40, Initial: v.Region),
        CustomerField.Owner => new FormInput("owner", "Owner (e-mail)", Required: false, MaxLength: 254, Initial: v.Owner),
        CustomerField.Stage => new FormInput("stage", "Stage", Choices: Enum.GetNames<LifecycleStage>().Select(n => n.ToLowerInvariant()).ToList(),
            Initial: v.Lifecycle),
        CustomerField.Health => new FormInput("health", "Health (0–100)", Required: false, MaxLength: 3,
            Initial: v.Health?.ToString(CultureInfo.InvariantCulture)),
        _ => new FormInput("arr", $"ARR ({v.Currency ?? "USD"})", MaxLength: 20, Initial: v.Arr?.ToString("0.##", CultureInfo.InvariantCulture)),
    };
}
