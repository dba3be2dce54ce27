using System.Collections.Concurrent;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Work that goes on after Slack got its acknowledgement: a command or click still running, an unfurl,
/// the Home tab (answers themselves are stored by the pipeline and sent by the answer sender). Each item
/// gets its own DI scope; the host waits for running items on shutdown instead of cutting them off.
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

    /// <summary>
    /// Runs <paramref name="request"/> once through the pipeline as work of its own; the task ends with the
    /// answer (null for a repeated delivery, or when the work failed without one).
    /// </summary>
    public Task<Reply?> RunCommand(string what, string deliveryKey, ChatRequest request)
    {
        var done = new TaskCompletionSource<Reply?>(TaskCreationOptions.RunContinuationsAsynchronously);
        Start(what, async (services, ct) =>
        {
            try
            {
                done.TrySetResult(await services.GetRequiredService<SlackPipelineRunner>().RunOnceAsync(deliveryKey, request, ct));
            }
            finally
            {
                done.TrySetResult(null);
            }
        });
        return done.Task;
    }

    /// <summary>True when <paramref name="work"/> ended within <paramref name="budget"/> (and Slack still waits).</summary>
    public static async Task<bool> FinishedWithinAsync(Task work, TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await work.WaitAsync(budget, time, cancellationToken);
            return true;
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            return work.IsCompleted;
        }
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
