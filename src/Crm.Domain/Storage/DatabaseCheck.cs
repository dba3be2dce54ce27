namespace Crm.Domain.Storage;

/// <summary>What <see cref="DatabaseState.CheckAsync"/> found, with the migrations still to apply.</summary>
public sealed record DatabaseCheck(DatabaseStatus Status, IReadOnlyList<string> Pending, string? Problem = null)
{
    /// <summary>One sentence for an operator, e.g. "not migrated: run migrate (12 migrations pending)".</summary>
    public string Describe() => Status switch
    {
        DatabaseStatus.Ready => "reachable and migrated",
        DatabaseStatus.NotMigrated => $"not migrated: run migrate ({Pending.Count} migration(s) pending)",
        _ => $"cannot be reached: {Problem}",
    };
}
