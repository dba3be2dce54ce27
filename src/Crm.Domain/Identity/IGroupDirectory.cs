namespace Crm.Domain.Identity;

/// <summary>
/// The seam to whoever knows an organisation's groups (Microsoft Graph), used when a group rule is made
/// or an old name-only rule is resolved. Group rules store what this returns as the group's id.
/// </summary>
public interface IGroupDirectory
{
    /// <summary>False while nothing can be asked (Graph not configured): rules can then be made by object id only.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Every group whose display name is <paramref name="displayName"/> (ignoring case), in
    /// <paramref name="tenant"/> or the home tenant. Throws <see cref="Common.DomainException"/> when the
    /// directory cannot be asked, with a message saying so.
    /// </summary>
    Task<IReadOnlyList<DirectoryGroup>> FindByNameAsync(string? tenant, string displayName, CancellationToken cancellationToken);

    /// <summary>The group with this object id, or null when there is none; throws like <see cref="FindByNameAsync"/>.</summary>
    Task<DirectoryGroup?> FindByIdAsync(string? tenant, string objectId, CancellationToken cancellationToken);
}
