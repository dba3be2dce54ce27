using Crm.Jobs;
using Crm.Domain.Storage;
using Crm.Jobs.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>
/// The shared delivery machinery of one host (claims, heartbeat, pacer, recorder) as the jobs setup
/// registers it, on a test database; two instances are two hosts.
/// </summary>
internal sealed class OutboxHost : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public OutboxHost(Func<CrmDbContext> database, OutboxOptions? options = null, TimeProvider? time = null, ILoggerProvider? logs = null)
    {
        var services = new ServiceCollection();
        services.AddLogging(l =>
        {
            l.SetMinimumLevel(logs is null ? LogLevel.Warning : LogLevel.Information);
            if (logs is not null) l.AddProvider(logs);
        });
        services.AddSingleton(time ?? TimeProvider.System);
        services.AddSingleton(Options.Create(options ?? new OutboxOptions()));
        services.AddScoped(_ => database());
        services.AddOutboxSending();
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;
    public OutboxClaims Claims => _services.GetRequiredService<OutboxClaims>();
    public ClaimHeartbeat Heartbeat => _services.GetRequiredService<ClaimHeartbeat>();
    public ChannelPacer Pacer => _services.GetRequiredService<ChannelPacer>();
    public OutboxOutcomeRecorder Recorder => _services.GetRequiredService<OutboxOutcomeRecorder>();

    public async ValueTask DisposeAsync()
    {
        await Heartbeat.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
    }
}
