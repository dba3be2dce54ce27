namespace Crm.Domain.Outbox;

/// <summary>Whether a stored message may still go to its channel, and if not, why (for the audit and the admin).</summary>
public sealed record ClearanceCheck(bool MaySend, string? Reason)
{
    public static readonly ClearanceCheck Allowed = new(true, null);
}
