using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Storage;

/// <summary>Which database the host uses: PostgreSQL when ConnectionStrings:Crm is set, else an embedded SQLite file.</summary>
public sealed record StorageChoice(bool IsPostgres, string Description, string? SqlitePath);

public static class StorageSetup
{
    public const string ConnectionStringName = "Crm";

    public static StorageChoice AddCrmStorage(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            services.AddDbContext<PostgresCrmDbContext>(o => o.UseNpgsql(connectionString));
            services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<PostgresCrmDbContext>());
            var host = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
            return new StorageChoice(true, $"PostgreSQL {host.Host}:{host.Port}/{host.Database}", null);
        }

        var path = Path.GetFullPath(configuration["Storage:SqlitePath"] is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "crm-bot", "crm.db"));
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        services.AddDbContext<SqliteCrmDbContext>(o => o.UseSqlite($"Data Source={path}"));
        services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<SqliteCrmDbContext>());
        return new StorageChoice(false, $"embedded SQLite {path}", path);
    }
}
