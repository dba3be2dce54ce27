using Crm.Bot.Storage;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>Registers the OAuth install, the installations store, the per-workspace tokens and the Data Protection key ring in the database.</summary>
public static class SlackInstallSetup
{
    public static IServiceCollection AddSlackInstall(this IServiceCollection services)
    {
        // One key ring for every host, in the CRM database: a token one host stored is read by all.
        services.AddDatabaseKeyRing();
        services.AddSingleton<SlackTokenCipher>();
        services.AddSingleton<SlackInstallState>();
        services.AddSingleton<SlackTokens>();
        services.AddHttpClient<SlackOAuthClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddScoped<SlackInstallationStore>();
        services.AddScoped<SlackUninstalls>();
        return services;
    }
}
