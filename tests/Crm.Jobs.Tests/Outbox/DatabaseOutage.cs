using Crm.Testing;
using Npgsql;

namespace Crm.Jobs.Tests.Outbox;

internal static class DatabaseOutage
{
    /// <summary>Turns the test database away (as a stopped or failed-over server would) or lets it in again.</summary>
    public static async Task AllowConnectionsAsync(PostgresDatabase database, bool allowed)
    {
        await using var server = new NpgsqlConnection(database.ServerConnectionString);
        await server.OpenAsync();
        await using (var alter = new NpgsqlCommand($"ALTER DATABASE \"{database.Name}\" WITH ALLOW_CONNECTIONS {(allowed ? "true" : "false")}", server))
            await alter.ExecuteNonQueryAsync();
        if (!allowed)
        {
            await using var kill = new NpgsqlCommand("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1", server)
            {
                Parameters = { new NpgsqlParameter { Value = database.Name } },
            };
            await kill.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
    }
}
