using Crm.Jobs.Telemetry;
using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Domain.Outbox;
using Crm.Domain.Reports;
using Crm.Domain.Tasks;
using Crm.Jobs.Digests;
using Crm.Jobs.Hosting;
using Crm.Jobs.Notifications;
using Crm.Jobs.Outbox;
using Crm.Jobs.Reminders;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Jobs;

public static class JobsSetup
{
    /// <summary>
    /// Hangfire (on PostgreSQL in its own schema of the CRM database, in memory for the embedded
    /// store), the job server when this host's role runs jobs, the digest and reminder schedulers,
    /// and the outbox dispatcher.
    /// </summary>
    /// <param name="usePostgres">True when the CRM database is PostgreSQL (ConnectionStrings:Crm is set).</param>
    public static IServiceCollection AddCrmJobs(this IServiceCollection services, IConfiguration configuration, bool usePostgres)
    {
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations()
            .Validate(o => DigestSchedule.TryResolveZone(o.BusinessTimeZone, out _, out _), "Jobs:BusinessTimeZone must be an IANA time zone such as Europe/Berlin.")
            .Validate(o => o.BusinessDayEnd > o.BusinessDayStart, "Jobs:BusinessDayEnd must be after Jobs:BusinessDayStart.")
            .ValidateOnStart();
        services.AddOptions<TimeDisplayOptions>().BindConfiguration(TimeDisplayOptions.Section)
            .Validate(o => TimeDisplay.TryFind(o.DefaultTimeZone, out _), TimeDisplayOptions.Invalid).ValidateOnStart();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section).ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HostRoleOptions>().BindConfiguration(HostRoleOptions.Section)
            .Validate(o => Enum.IsDefined(o.Role), "Host:Role must be all, chat or jobs.")
            .Validate(o => usePostgres || o.Role == HostRole.All,
                "Host:Role=chat or jobs needs the shared PostgreSQL database (ConnectionStrings:Crm); the embedded store keeps jobs in this process, so only Host:Role=all works with it.")
            .ValidateOnStart();

        var role = configuration.GetSection(HostRoleOptions.Section).Get<HostRoleOptions>() ?? new HostRoleOptions();
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var outbox = configuration.GetSection(OutboxOptions.Section).Get<OutboxOptions>() ?? new OutboxOptions();
        var connectionString = configuration.GetConnectionString("Crm");

        // This host's own storage and activator, so two hosts in one process (tests) never share Hangfire's statics.
        services.AddSingleton<JobStorage>(sp =>
        {
            // Hangfire's process-wide settings (logging) first: the storage logs as it starts.
            sp.GetRequiredService<IGlobalConfiguration>();
            return usePostgres
                ? CreatePostgresStorage(connectionString!, jobs.Schema)
                : new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long });
        });
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        if (role.RunsJobs)
        {
            services.AddHangfireServer((sp, server) =>
            {
                var o = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = o.WorkerCount;
                server.Queues = JobQueues.All;
                server.SchedulePollingInterval = o.SchedulePollingInterval;
                server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid().ToString("N")[..6]}";
            });
            services.AddSingleton<DigestScheduleSync>();
            services.AddHostedService(sp => sp.GetRequiredService<DigestScheduleSync>());
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ReportQueries>();
        // Stateless over Hangfire's clients: singletons, so the (singleton) commands take them by constructor.
        services.AddSingleton<IDigestScheduler, HangfireDigestScheduler>();
        services.AddSingleton<ITaskReminderScheduler, HangfireTaskReminderScheduler>();
        services.AddScoped<DigestRunner>();
        services.AddSingleton<DigestReportCache>();
        services.AddSingleton<JobDatabaseGate>();
        services.AddScoped<DigestJob>();
        services.AddScoped<TaskReminderJob>();
        services.AddScoped<HandoffFollowUpJob>();
        services.AddScoped<Maintenance.ProcessedRequestPruneJob>();
        services.AddScoped<Maintenance.OutboxRetentionJob>();
        services.AddScoped<OutboxDelivery>();
        services.AddOutboxSending();
        services.AddHostedService(sp => sp.GetRequiredService<ClaimHeartbeat>());
        services.AddHostedService<OutboxDepthSampler>();
        services.TryAddScoped<OutboxAdmin>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<IOutboxSignal>(sp => sp.GetRequiredService<OutboxSignal>());
        if (outbox.Dispatch)
        {
            services.AddSingleton<OutboxDispatcher>();
            services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        }
        return services;
    }

    private static PostgreSqlStorage CreatePostgresStorage(string connectionString, string schema)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = schema,
            PrepareSchemaIfNecessary = true,
            QueuePollInterval = TimeSpan.FromSeconds(1),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
            InvisibilityTimeout = TimeSpan.FromMinutes(30),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }

    /// <summary>
    /// The shared delivery machinery: the dispatcher and a chat host's direct answers use the same claim
    /// owner, heartbeat, pacer and outcome recorder (the host also runs the heartbeat as a service).
    /// </summary>
    public static IServiceCollection AddOutboxSending(this IServiceCollection services)
    {
        services.AddCrmMetrics();
        services.TryAddSingleton<OutboxClaims>();
        services.TryAddSingleton<ClaimHeartbeat>();
        services.TryAddSingleton<ChannelPacer>();
        services.TryAddSingleton<OutboxOutcomeRecorder>();
        return services;
    }
}
