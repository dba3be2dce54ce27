using Crm.Domain.Common;

namespace Crm.Domain.Identity;

/// <summary>
/// What a directory (Slack users.info, Microsoft Graph, the demo directory) says about a chat user.
/// <see cref="Groups"/> are display names, to show; <see cref="GroupIds"/> are the groups' directory
/// object ids, the only thing group rules match.
/// </summary>
public sealed record DirectoryUser(
    string Email,
    string DisplayName,
    string? Department,
    string? JobTitle,
    IReadOnlyList<string> Groups,
    string? TimeZone = null,
    IReadOnlyList<string>? GroupIds = null)
{
    /// <summary>
    /// Shown to others (mentions, timelines, cards), and set by the person themself in Slack: neutralized
    /// on the way in. E-mail, department and groups identify and are matched, so they stay as the directory said.
    /// </summary>
    public string DisplayName { get; init; } = UntrustedText.Neutralize(DisplayName, singleLine: true) is { Length: > 0 } shown ? shown : Email;

    public string? JobTitle { get; init; } = JobTitle is null ? null : UntrustedText.Neutralize(JobTitle, singleLine: true);
}

/// <summary>The outcome of a lookup: found, not linkable (with the reason), or the directory is unavailable.</summary>
public sealed record DirectoryLookup(DirectoryUser? User, string? Problem, bool Unavailable = false)
{
    public static DirectoryLookup Found(DirectoryUser user) => new(user, null);
    public static DirectoryLookup NotLinked(string why) => new(null, why);
    public static DirectoryLookup Down(string why) => new(null, why, Unavailable: true);
}
