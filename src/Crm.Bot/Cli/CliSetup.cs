namespace Crm.Bot.Cli;

/// <summary>The admin verbs of the executable; other areas register theirs beside these.</summary>
public static class CliSetup
{
    public static IServiceCollection AddCliVerbs(this IServiceCollection services)
    {
        services.AddScoped<CliRunner>();
        services.AddScoped<ICliVerb, MigrateVerb>();
        services.AddScoped<ICliVerb, SeedVerb>();
        services.AddScoped<ICliVerb, ImportCustomersVerb>();
        services.AddScoped<ICliVerb, ExportCustomersVerb>();
        services.AddScoped<ICliVerb, ExportDatasetVerb>();
        services.AddScoped<ICliVerb, AuditExportVerb>();
        services.AddScoped<CliDatabaseGate>();
        return services;
    }
}
