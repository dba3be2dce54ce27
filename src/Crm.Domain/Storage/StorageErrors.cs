namespace Crm.Domain.Storage;

/// <summary>What a provider's exception means, so callers above storage name no provider.</summary>
public static class StorageErrors
{
    /// <summary>Whether <paramref name="error"/> is a unique-constraint violation (PostgreSQL 23505, SQLite 2067).</summary>
    public static bool IsUniqueViolation(Exception? error) => error switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067, // SQLITE_CONSTRAINT_UNIQUE
        _ => false,
    };
}
