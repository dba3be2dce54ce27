using Crm.Domain.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Crm.Testing;

/// <summary>A fresh embedded database in a temporary folder, deleted again when disposed.</summary>
public sealed class SqliteDatabase : IAsyncDisposable
{
    private SqliteDatabase(string folder)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, "crm.db");
    }

    public string Folder { get; }
    public string Path { get; }
    public string ConnectionString => $"Data Source={Path}";

    public static async Task<SqliteDatabase> CreateAsync(bool migrate = true)
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crm-test-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var database = new SqliteDatabase(folder);
        if (migrate)
        {
            await using var db = database.CreateContext();
            await db.Database.MigrateAsync();
        }
        return database;
    }

    public SqliteCrmDbContext CreateContext() =>
        new(new DbContextOptionsBuilder<SqliteCrmDbContext>().UseSqlite(ConnectionString).Options);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { /* a file still open on this platform; the temp folder is cleaned by the OS */ }
        return ValueTask.CompletedTask;
    }
}
