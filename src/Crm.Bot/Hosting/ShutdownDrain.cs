using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Crm.Bot.Hosting;

/// <summary>
/// The first step of an orderly stop behind a load balancer: on SIGTERM the host turns its readiness
/// probe to 503 ("draining") and keeps serving for <c>Host:DrainSeconds</c>, so the proxy stops sending it
/// new requests before Kestrel stops accepting them. Only then do the server and the other services stop
/// (in-flight requests finish within <c>Host:ShutdownSeconds</c>). Without this, a request the proxy sent
/// in the moment between SIGTERM and its next health check would meet a closed port or a reset.
/// Zero (the default, a single host with nothing in front) skips the wait.
/// </summary>
public sealed class ShutdownDrain(IConfiguration configuration, ILogger<ShutdownDrain> logger) : IHostedLifecycleService, IHealthCheck
{
    public const string Tag = "drain";

    private readonly TimeSpan _drain = TimeSpan.FromSeconds(Math.Clamp(configuration.GetValue("Host:DrainSeconds", 0.0), 0, 300));
    private volatile bool _draining;

    public bool Draining => _draining;

    // Lifecycle services are told StoppingAsync before any service (Kestrel's among them) is stopped.
    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        _draining = true;
        if (_drain <= TimeSpan.Zero) return;
        logger.LogInformation("Stopping: readiness is 503 for {Seconds} s so the load balancer moves traffic away first.", _drain.TotalSeconds);
        try
        {
            await Task.Delay(_drain, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The shutdown time ran out first: go on stopping.
        }
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_draining
            ? HealthCheckResult.Unhealthy("Draining: the host is stopping.")
            : HealthCheckResult.Healthy());

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
