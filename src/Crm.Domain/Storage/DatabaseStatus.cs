namespace Crm.Domain.Storage;

/// <summary>Where a database stands: unreachable, not (fully) migrated, or ready.</summary>
public enum DatabaseStatus
{
    Ready,
    NotMigrated,
    Unreachable,
}
