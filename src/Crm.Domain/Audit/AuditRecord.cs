using Crm.Domain.Common;

namespace Crm.Domain.Audit;

public enum AuditAction
{
    View,
    Change,
    Denial,
    Export,
    Import,
    Admin,
    Delivery,
}

public enum AuditOutcome
{
    Allowed,
    Denied,
    Failed,
}

/// <summary>Append-only: PostgreSQL refuses UPDATE and DELETE on this table.</summary>
public sealed class AuditRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = "";
    public Platform Platform { get; set; }
    public string? Workspace { get; set; }
    public string? Channel { get; set; }
    public string Command { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>Human id of the record concerned (C-1001, D-1001, …), if any.</summary>
    public string? RecordRef { get; set; }
    public long? CustomerId { get; set; }
    public AuditOutcome Outcome { get; set; }
    public string? Detail { get; set; }
}
