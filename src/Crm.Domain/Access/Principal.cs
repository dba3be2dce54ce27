using Crm.Domain.Common;

namespace Crm.Domain.Access;

/// <summary>
/// Who is asking, as resolved from the directory and the role mapping rules. <see cref="Role"/> is
/// null for a person no rule maps (they may run only help and whoami).
/// </summary>
public sealed record Principal(
    string? Email,
    string DisplayName,
    string? Department,
    IReadOnlyList<string> Groups,
    Role? Role,
    string? Region,
    string? TimeZone,
    string Why)
{
    public bool IsMapped => Role is not null && Email is not null;

    public FieldClass Reads => Role is { } role ? RolePolicy.ReadableBy(role) : FieldClass.None;

    public bool Has(Permission permission) => Role is { } role && RolePolicy.Has(role, permission);

    /// <summary>Stands in the audit trail for whoever could not be resolved.</summary>
    public string AuditName(string platformUserId) => Email ?? $"unlinked:{platformUserId}";
}
