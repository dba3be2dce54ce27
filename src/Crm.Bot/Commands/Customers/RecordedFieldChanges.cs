using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Customers;
using Crm.Domain.Timeline;

namespace Crm.Bot.Commands.Customers;

/// <summary>
/// One checked change of a record's field, not yet applied: <paramref name="Name"/> is the field as commands name it
/// (the audit's words), <paramref name="Label"/> as the timeline shows it, <paramref name="Class"/> who may read it.
/// </summary>
internal sealed record FieldChange(string Name, string Label, string From, string To, FieldClass Class, Action Apply);

/// <summary>
/// How the edit commands (<see cref="ChangeCustomerCommand"/>, <see cref="ChangeContactCommand"/>) write their changes,
/// once everything was checked: each change applied, with a timeline entry of its field's class, an audit row and a
/// line for the customer's followers, who are told once, in the same transaction.
/// </summary>
internal static class RecordedFieldChanges
{
    /// <summary>Applies and records <paramref name="changes"/>; returns the lines told ("Title (none) → CTO."), the timeline's words.</summary>
    public static async Task<IReadOnlyList<ChangeLine>> ApplyAsync(CommandContext context, Customer customer, string recordRef, TimelineKind kind,
        string subject, IReadOnlyList<FieldChange> changes, CancellationToken ct)
    {
        var lines = new List<ChangeLine>();
        foreach (var change in changes)
        {
            change.Apply();
            var text = $"{subject}{change.Label} {change.From} → {change.To}";
            context.Timeline(customer.Id, kind, change.Class, text, recordRef);
            context.Audit(AuditAction.Change, recordRef, customer.Id, $"{change.Name}: {change.From} → {change.To}");
            lines.Add(new ChangeLine($"{text}.", change.Class));
        }
        await FollowNotifier.NotifyAsync(context, customer, lines, ct);
        return lines;
    }

    /// <summary>A value as a change shows it: "(none)" for an empty one.</summary>
    public static string Or(string? value) => string.IsNullOrEmpty(value) ? "(none)" : value;
}
