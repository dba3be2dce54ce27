using Crm.Domain.Customers;
using Crm.Domain.Customers.Csv;
using Crm.Domain.Customers.Search;
using Crm.Domain.Demo;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Storage;

public static class StorageSetup
{
    public const string ConnectionStringName = "Crm";

    /// <summary>
    /// Registers the database, search and data tools. The provider is chosen when first needed, from
    /// the configuration the host finally runs with (so test hosts can point it elsewhere).
    /// </summary>
    public static StorageChoice AddCrmStorage(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(sp => StorageChoice.From(sp.GetRequiredService<IConfiguration>()));
        // Pooled contexts: a chat request is short and frequent, so building a context per request
        // (options, services, change tracker) would cost more than the queries it runs.
        services.AddDbContextPool<PostgresCrmDbContext>((sp, o) => o.UseNpgsql(RequestConnectionString(sp.GetRequiredService<StorageChoice>().ConnectionString)));
        // The file's folder is made by the migrator, not here: resolving a context (e.g. for `--help`)
        // must leave the disk alone.
        services.AddDbContextPool<SqliteCrmDbContext>((sp, o) => o.UseSqlite(sp.GetRequiredService<StorageChoice>().ConnectionString));
        services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<StorageChoice>().IsPostgres
            ? sp.GetRequiredService<PostgresCrmDbContext>()
            : sp.GetRequiredService<SqliteCrmDbContext>());
        services.AddScoped(sp => sp.GetRequiredService<CrmDbContext>().CustomerSearch());
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<CustomerCsvImporter>();
        services.AddScoped<CustomerCsvExporter>();
        services.AddScoped<Crm.Domain.Datasets.DatasetExporter>();
        services.AddSingleton<DemoSeedReport>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [DatabaseReadyCheck.Tag]);
        return StorageChoice.From(configuration);
    }

    /// <summary>
    /// The application's own connections keep no session state between uses (no SET, temp tables or
    /// session locks outside a transaction), so the per-checkout DISCARD ALL is skipped and the
    /// statements every request repeats are prepared once per connection. Either setting given
    /// explicitly in the connection string wins.
    /// </summary>
    public static string RequestConnectionString(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose")) builder.NoResetOnClose = true;
        if (!HasKey(connectionString, "Max Auto Prepare", "MaxAutoPrepare")) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static bool HasKey(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=')[0].Trim())
            .Any(key => names.Any(name => string.Equals(key, name, StringComparison.OrdinalIgnoreCase)));
}
