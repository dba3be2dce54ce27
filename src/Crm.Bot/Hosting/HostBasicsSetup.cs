using Crm.Bot.Hosting.Logging;
using Crm.Bot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Crm.Bot.Hosting;

/// <summary>Liveness and readiness probes, the start-up banner and an orderly shutdown.</summary>
public static class HostBasicsSetup
{
    public static IServiceCollection AddHostBasics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddHealthChecks();
        // Request URIs may hold credentials (Slack response_url) and personal data (Graph user ids, e-mails).
        services.AddRedactedHttpLogging();
        services.AddHostedService<StartupBanner>();
        // In-flight requests get this long to finish after SIGTERM / Ctrl+C.
        services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(configuration.GetValue("Host:ShutdownSeconds", 20)));
        return services;
    }

    public static WebApplication MapHostBasics(this WebApplication app)
    {
        // Alive: the process answers. No dependency is checked, so a slow database never restarts the host.
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false });
        // Ready: the database answers and is migrated; 503 otherwise, so traffic waits.
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(DatabaseReadyCheck.Tag) });
        return app;
    }
}
