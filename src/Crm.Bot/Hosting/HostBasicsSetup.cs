using Crm.Bot.Hosting.Logging;
using Crm.Bot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Bot.Hosting;

/// <summary>Liveness and readiness probes, the start-up banner and an orderly shutdown.</summary>
public static class HostBasicsSetup
{
    public static IServiceCollection AddHostBasics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ShutdownDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ShutdownDrain>());
        services.AddHealthChecks().AddCheck<ShutdownDrain>("drain", tags: [ShutdownDrain.Tag]);
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
        // Ready: the database answers and is migrated, and the host is not stopping; 503 otherwise, so traffic waits or moves on.
        app.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = c => c.Tags.Contains(DatabaseReadyCheck.Tag) || c.Tags.Contains(ShutdownDrain.Tag),
            ResponseWriter = WriteReadiness,
        });
        return app;
    }

    // "Healthy", or "Unhealthy: <why>" so an operator reading the probe knows what to do (e.g. run migrate).
    private static Task WriteReadiness(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        if (report.Status == HealthStatus.Healthy) return context.Response.WriteAsync("Healthy");
        var reasons = report.Entries.Values.Where(e => e.Status != HealthStatus.Healthy).Select(e => e.Description).OfType<string>();
        return context.Response.WriteAsync($"{report.Status}: {string.Join(" ", reasons)}");
    }
}
