using Crm.Domain.Access;

namespace Crm.Domain.Identity;

/// <summary>How a directory fact maps to a role. The most specific kind wins: e-mail, then group, then department.</summary>
public enum MappingKind
{
    Email = 0,
    Group = 1,
    Department = 2,
}

public sealed class RoleMappingRule
{
    private RoleMappingRule() { }

    public RoleMappingRule(MappingKind kind, string match, Role role, string? region, string createdBy, DateTimeOffset at)
    {
        Kind = kind;
        Match = match.Trim().ToLowerInvariant();
        Role = role;
        Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant();
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public MappingKind Kind { get; private set; }
    /// <summary>Lower-cased e-mail, group display name or id, or department name.</summary>
    public string Match { get; private set; } = "";
    public Role Role { get; set; }
    /// <summary>The sales region a manager or rep works in (write scoping).</summary>
    public string? Region { get; set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
}
