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

    /// <summary>
    /// Whether <paramref name="error"/> (or what caused it) says the database could not be reached or went
    /// away (a connection refused, broken or shut down, a restart, a timeout): trying again later may work.
    /// </summary>
    public static bool IsUnavailable(Exception? error)
    {
        for (var e = error; e is not null; e = e.InnerException)
            if (e is Npgsql.NpgsqlException { IsTransient: true } or TimeoutException
                || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) // SQLITE_BUSY, SQLITE_LOCKED
                return true;
        return false;
    }
}
