namespace Crm.Bot.Storage;

/// <summary>Which database the host uses: PostgreSQL when ConnectionStrings:Crm is set, else an embedded SQLite file.</summary>
public sealed record StorageChoice(bool IsPostgres, string Description, string? SqlitePath)
{
    /// <summary>
    /// The embedded database is this host's own: it is migrated on first use and may get the demo set. A shared
    /// server is migrated as a deployment step (`migrate`) and never seeded behind its operators' backs.
    /// </summary>
    public bool OwnedByThisHost => !IsPostgres;

    /// <summary>The provider connection string (never logged: it may hold a password).</summary>
    public string ConnectionString { get; init; } = "";

    public static StorageChoice From(IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(StorageSetup.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            var pg = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return new StorageChoice(true, $"PostgreSQL {pg.Host}:{pg.Port}/{pg.Database}", null) { ConnectionString = connectionString };
        }

        var path = Path.GetFullPath(configuration[$"{StorageOptions.Section}:{nameof(StorageOptions.SqlitePath)}"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "crm-bot", "crm.db"));
        return new StorageChoice(false, $"embedded SQLite {path}", path) { ConnectionString = $"Data Source={path}" };
    }
}
