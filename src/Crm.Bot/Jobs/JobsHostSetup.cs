using Crm.Bot.Cli;
using Crm.Bot.Storage;
using Crm.Jobs;
using Crm.Jobs.Hosting;
using Hangfire;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Jobs;

/// <summary>The host's side of the jobs: Hangfire and the dispatcher, the dashboard for admins, and the jobs-only role.</summary>
public static class JobsHostSetup
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddCrmJobsHost(this IServiceCollection services, IConfiguration configuration, StorageChoice storage)
    {
        services.AddCrmJobs(configuration, storage.IsPostgres);
        services.AddSingleton<ICliVerb, OutboxCliVerb>();
        return services;
    }

    public static WebApplication MapCrmJobs(this WebApplication app)
    {
        var role = app.Services.GetRequiredService<IOptions<HostRoleOptions>>().Value;
        if (!role.ServesChat)
        {
            // A jobs host answers only its dashboard, health probes and metrics: chat traffic belongs to the chat hosts.
            app.Use(async (context, next) =>
            {
                var path = context.Request.Path;
                if (path.StartsWithSegments(DashboardPath) || path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") ||
                    path.StartsWithSegments(Telemetry.TelemetrySetup.MetricsPath))
                {
                    await next(context);
                    return;
                }
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("This host runs background jobs only (Host:Role=jobs); chat endpoints are served by the chat hosts.");
            });
        }

        var jobs = app.Services.GetRequiredService<IOptions<JobsOptions>>().Value;
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new DashboardAdminAuthorization(jobs.DashboardUsername, jobs.DashboardPassword)],
            DisplayStorageConnectionString = false,
            DashboardTitle = "Crm.Bot jobs",
            AppPath = null,
        }, app.Services.GetRequiredService<JobStorage>());
        return app;
    }
}
