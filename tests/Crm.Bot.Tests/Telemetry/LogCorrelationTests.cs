using Crm.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Tests.Telemetry;

/// <summary>Log lines written inside a request carry its trace and span ids, in both console formats.</summary>
public sealed class LogCorrelationTests
{
    [Fact]
    public async Task TheHostsLogs_TrackTheActivity_AndBothConsoleFormatsPrintIt()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var host = await RealHost.StartAsync(database.ConnectionString);

        var tracking = host.Services.GetRequiredService<IOptions<LoggerFactoryOptions>>().Value.ActivityTrackingOptions;
        Assert.True(tracking.HasFlag(ActivityTrackingOptions.TraceId) && tracking.HasFlag(ActivityTrackingOptions.SpanId), $"tracking: {tracking}");
        Assert.True(host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
    }
}
