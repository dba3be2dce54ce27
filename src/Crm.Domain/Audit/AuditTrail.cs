using Crm.Domain.Common;
using Crm.Domain.Storage;

namespace Crm.Domain.Audit;

/// <summary>
/// Appends audit rows to the unit of work, so a change and its audit row commit together (and a
/// rolled-back change leaves no "allowed" row behind).
/// </summary>
public static class AuditTrail
{
    public const int MaxCommandLength = 500;

    public static AuditRecord Add(CrmDbContext db, AuditScope scope, AuditAction action, AuditOutcome outcome, DateTimeOffset at,
        string? recordRef = null, long? customerId = null, string? detail = null)
    {
        var record = new AuditRecord
        {
            At = at,
            Actor = scope.Actor,
            Platform = scope.Platform,
            Workspace = scope.Workspace,
            Channel = scope.Channel,
            Command = Clip(scope.Command, MaxCommandLength),
            Action = action,
            RecordRef = recordRef,
            CustomerId = customerId,
            Outcome = outcome,
            Detail = detail is null ? null : Clip(detail, 1000),
        };
        db.Audit.Add(record);
        return record;
    }

    private static string Clip(string text, int max) => UntrustedText.Clip(UntrustedText.WellFormed(text), max);
}
