using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Crm.Domain.Storage;

/// <summary>
/// Runs plain Npgsql commands on a context's own connection and in its current transaction, so they
/// see the transaction's changes and commit or roll back with it (PostgreSQL only).
/// </summary>
public static class ContextConnection
{
    public static async Task<T> RunAsync<T>(CrmDbContext db, Func<NpgsqlConnection, NpgsqlTransaction?, Task<T>> work, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            return await work((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
