using System.Collections.Concurrent;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Work that goes on after Slack got its acknowledgement. Each item gets its own DI scope; the host
/// waits for running items on shutdown instead of cutting them off.
/// </summary>
public sealed class SlackBackgroundWork(IServiceScopeFactory scopes, ILogger<SlackBackgroundWork> log) : IHostedService
{
    private readonly ConcurrentDictionary<Guid, Task> _running = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Start(string what, Func<IServiceProvider, CancellationToken, Task> work)
    {
        var id = Guid.NewGuid();
        // Registered before it may run, so IdleAsync never misses an item that finishes fast.
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var task = Task.Run(async () =>
        {
            await registered.Task;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await work(scope.ServiceProvider, _stopping.Token);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                log.LogWarning("Slack work {What} was cut off by shutdown", what);
            }
            catch (Exception e)
            {
                log.LogError(e, "Slack work {What} failed", what);
            }
            finally
            {
                _running.TryRemove(id, out _);
            }
        });
        _running[id] = task;
        registered.SetResult();
    }

    /// <summary>Completes when nothing is running (tests and shutdown).</summary>
    public async Task IdleAsync()
    {
        while (!_running.IsEmpty)
            await Task.WhenAll(_running.Values.ToArray());
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            await IdleAsync().WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            await _stopping.CancelAsync();
        }
    }
}
