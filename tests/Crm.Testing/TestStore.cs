using Crm.Domain.Storage;

namespace Crm.Testing;

/// <summary>Either provider behind one face, so storage tests run the same checks on PostgreSQL and SQLite.</summary>
public sealed class TestStore : IAsyncDisposable
{
    private readonly PostgresDatabase? _postgres;
    private readonly SqliteDatabase? _sqlite;

    private TestStore(PostgresDatabase? postgres, SqliteDatabase? sqlite)
    {
        _postgres = postgres;
        _sqlite = sqlite;
    }

    public const string Postgres = "postgres";
    public const string Sqlite = "sqlite";

    public bool IsPostgres => _postgres is not null;

    public static async Task<TestStore> CreateAsync(string provider, bool migrate = true) => provider switch
    {
        Postgres => new TestStore(await PostgresDatabase.CreateAsync(migrate), null),
        Sqlite => new TestStore(null, await SqliteDatabase.CreateAsync(migrate)),
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "postgres or sqlite"),
    };

    public CrmDbContext CreateContext() => _postgres is not null ? _postgres.CreateContext() : _sqlite!.CreateContext();

    /// <summary>Configuration keys that point a host at this database.</summary>
    public IReadOnlyDictionary<string, string?> HostSettings => _postgres is not null
        ? new Dictionary<string, string?> { ["ConnectionStrings:Crm"] = _postgres.ConnectionString }
        : new Dictionary<string, string?> { ["Storage:SqlitePath"] = _sqlite!.Path };

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqlite is not null) await _sqlite.DisposeAsync();
    }
}
