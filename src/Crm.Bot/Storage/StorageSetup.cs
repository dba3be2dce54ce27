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
        services.AddDbContext<PostgresCrmDbContext>((sp, o) => o.UseNpgsql(sp.GetRequiredService<StorageChoice>().ConnectionString));
        services.AddDbContext<SqliteCrmDbContext>((sp, o) =>
        {
            var choice = sp.GetRequiredService<StorageChoice>();
            Directory.CreateDirectory(Path.GetDirectoryName(choice.SqlitePath)!);
            o.UseSqlite(choice.ConnectionString);
        });
        services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<StorageChoice>().IsPostgres
            ? sp.GetRequiredService<PostgresCrmDbContext>()
            : sp.GetRequiredService<SqliteCrmDbContext>());
        services.AddScoped<ICustomerSearch>(sp =>
        {
            var db = sp.GetRequiredService<CrmDbContext>();
            return db.IsPostgres ? new PostgresCustomerSearch(db) : new SqliteCustomerSearch(db);
        });
        services.AddScoped<DatabaseMigrator>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<CustomerCsvImporter>();
        services.AddScoped<CustomerCsvExporter>();
        services.AddHostedService<DatabaseStartup>();
        services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [DatabaseReadyCheck.Tag]);
        return StorageChoice.From(configuration);
    }
}
