using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Crm.Testing;

/// <summary>
/// A fresh, empty database on the test PostgreSQL server (CRM_TEST_PG, started by scripts/test.sh),
/// dropped again when disposed. Use one per test class (IClassFixture) or per test.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private PostgresDatabase(string serverConnectionString, string name)
    {
        ServerConnectionString = serverConnectionString;
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(serverConnectionString) { Database = name }.ConnectionString;
    }

    public string ServerConnectionString { get; }
    public string Name { get; }
    public string ConnectionString { get; }

    public static string ServerFromEnvironment() =>
        Environment.GetEnvironmentVariable("CRM_TEST_PG") is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "CRM_TEST_PG is not set. Run the tests with `bash scripts/test.sh`, which starts a throwaway PostgreSQL, " +
                "or set CRM_TEST_PG to a connection string of a server where databases may be created.");

    public static async Task<PostgresDatabase> CreateAsync(bool migrate = true)
    {
        var server = ServerFromEnvironment();
        var name = $"crm_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var database = new PostgresDatabase(server, name);
        if (migrate)
        {
            await using var db = database.CreateContext();
            await db.Database.MigrateAsync();
        }
        return database;
    }

    public PostgresCrmDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<PostgresCrmDbContext>().UseNpgsql(ConnectionString).Options);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ServerConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
