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

    public RoleMappingRule(MappingKind kind, string match, Role role, string? region, string createdBy, DateTimeOffset at, string? matchName = null)
    {
        Kind = kind;
        Match = match.Trim().ToLowerInvariant();
        MatchName = string.IsNullOrWhiteSpace(matchName) ? null : matchName.Trim();
        Role = role;
        Region = string.IsNullOrWhiteSpace(region) ? null : region.Trim().ToUpperInvariant();
        CreatedBy = createdBy;
        CreatedAt = at;
    }

    public long Id { get; private set; }
    public MappingKind Kind { get; private set; }
    /// <summary>
    /// Lower-cased e-mail, department name, or a group's directory object id. Rules from before group
    /// rules named ids may hold a group's display name here: those never match (see <see cref="IsNameOnlyGroup"/>).
    /// </summary>
    public string Match { get; private set; } = "";
    /// <summary>A group's display name when the rule was made, for people to read; never compared with anything.</summary>
    public string? MatchName { get; private set; }
    public Role Role { get; set; }
    /// <summary>The sales region a manager or rep works in (write scoping).</summary>
    public string? Region { get; set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>A group rule that names a display name instead of an object id: it matches nobody until it is mapped again by id.</summary>
    public bool IsNameOnlyGroup => Kind == MappingKind.Group && !Guid.TryParse(Match, out _);

    /// <summary>Turns a name-only group rule into one for the group the directory says has that name.</summary>
    public void ResolveGroup(string objectId, string displayName)
    {
        if (Kind != MappingKind.Group || !Guid.TryParse(objectId, out var id))
            throw new ArgumentException("Only a group rule can be given a group's object id.", nameof(objectId));
        MatchName = MatchName ?? displayName;
        Match = id.ToString();
    }
}
