using Crm.Domain.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Bot.Storage;

/// <summary>
/// ASP.NET Core Data Protection with its key ring in the CRM database (<c>data_protection_keys</c>): what one host
/// protects (a Slack token, a file link) every host reads, and after a restart too.
/// </summary>
public static class DatabaseKeyRing
{
    public static IServiceCollection AddDatabaseKeyRing(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(DatabaseKeyRingMarker))) return services;
        services.AddSingleton<DatabaseKeyRingMarker>();
        services.AddDataProtection().SetApplicationName("Crm.Bot").PersistKeysToDbContext<CrmDbContext>();
        // Data Protection reads its key ring when the host starts; here the ring is in a database that may not be
        // migrated or reachable yet (the host must start and say so itself). It is read when something is first
        // protected or read instead.
        foreach (var eager in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            services.Remove(eager);
        return services;
    }

    private sealed class DatabaseKeyRingMarker;
}
