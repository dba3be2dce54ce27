namespace Crm.Domain.Identity;

/// <summary>A directory group: its object id (what rules match) and its display name (what people read).</summary>
public sealed record DirectoryGroup(string Id, string DisplayName);
