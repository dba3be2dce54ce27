using Crm.Domain.Storage;
using Microsoft.AspNetCore.DataProtection;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>Registers the OAuth install, the installations store, the per-workspace tokens and the Data Protection key ring in the database.</summary>
public static class SlackInstallSetup
{
    public static IServiceCollection AddSlackInstall(this IServiceCollection services)
    {
        // One key ring for every host, in the CRM database: a token one host stored is read by all.
        services.AddDataProtection().SetApplicationName("Crm.Bot").PersistKeysToDbContext<CrmDbContext>();
        // Data Protection reads its key ring when the host starts; here the ring is in a database that may not be
        // migrated or reachable yet (the host must start and say so itself). It is read when a token is first
        // protected or read instead.
        foreach (var eager in services.Where(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType?.Name == "DataProtectionHostedService").ToList())
            services.Remove(eager);
        services.AddSingleton<SlackTokenCipher>();
        services.AddSingleton<SlackInstallState>();
        services.AddSingleton<SlackTokens>();
        services.AddHttpClient<SlackOAuthClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<SlackInstallationStore>();
        services.AddScoped<SlackUninstalls>();
        return services;
    }
}
