using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Crm.Jobs;
using Crm.Testing.FakePlatform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Crm.Testing;

/// <summary>
/// A host with the production jobs setup (Hangfire on the test database, the job server, the
/// outbox dispatcher) delivering to a <see cref="FakePlatformServer"/>. Several may share one
/// database, as several production hosts share one PostgreSQL.
/// </summary>
public static class JobsTestHost
{
    public static IHost Build(PostgresDatabase database, FakePlatformServer platform, IDictionary<string, string?>? settings = null,
        TimeProvider? time = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Crm"] = database.ConnectionString,
            ["Jobs:SchedulePollingInterval"] = "00:00:01",
            ["Jobs:WorkerCount"] = "2",
            ["Outbox:PollInterval"] = "00:00:00.200",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDbContext<PostgresCrmDbContext>(o => o.UseNpgsql(database.ConnectionString));
        builder.Services.AddScoped<CrmDbContext>(sp => sp.GetRequiredService<PostgresCrmDbContext>());
        if (time is not null) builder.Services.AddSingleton(time);
        builder.Services.AddHttpClient("fake-platform", c => c.BaseAddress = platform.BaseAddress);
        foreach (var kind in new[] { Platform.Slack, Platform.Teams })
        {
            builder.Services.AddSingleton<IMessageTransport>(sp =>
                new FakePlatformTransport(sp.GetRequiredService<IHttpClientFactory>().CreateClient("fake-platform"), kind));
        }
        builder.Services.AddCrmJobs(builder.Configuration, usePostgres: true);
        return builder.Build();
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing with <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out after {timeout.TotalSeconds:0} s waiting until {what}.");
            await Task.Delay(100);
        }
    }
}
