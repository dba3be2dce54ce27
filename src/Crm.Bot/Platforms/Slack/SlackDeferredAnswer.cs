namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// Decides, exactly once, whether an answer goes back in the HTTP response (it was ready within the
/// budget) or later through response_url / the Web API (it was not).
/// </summary>
public sealed class SlackDeferredAnswer<T> where T : class
{
    private readonly TaskCompletionSource<T?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private bool _late;

    /// <summary>Request side: the answer if it is ready within <paramref name="budget"/>; otherwise null, and the worker must deliver.</summary>
    public async Task<(bool Ready, T? Answer)> WaitAsync(TimeSpan budget, TimeProvider time, CancellationToken cancellationToken)
    {
        try
        {
            await _ready.Task.WaitAsync(budget, time, cancellationToken);
        }
        catch (TimeoutException)
        {
        }
        catch (OperationCanceledException)
        {
        }
        lock (_gate)
        {
            if (_ready.Task.IsCompletedSuccessfully) return (true, _ready.Task.Result);
            _late = true;
            return (false, null);
        }
    }

    /// <summary>Worker side: true when the request will answer inline; false when the worker must deliver it itself.</summary>
    public bool TryAnswerInline(T? answer)
    {
        lock (_gate)
        {
            if (_late) return false;
            _ready.TrySetResult(answer);
            return true;
        }
    }
}
