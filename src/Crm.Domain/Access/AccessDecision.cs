namespace Crm.Domain.Access;

/// <summary>Allowed, or denied with a reason that names the roles that would be allowed.</summary>
public sealed record AccessDecision(bool Allowed, string? Reason)
{
    public static readonly AccessDecision Allow = new(true, null);

    public static AccessDecision Deny(string reason) => new(false, reason);
}
