using Crm.Domain.Outbox;

namespace Crm.Jobs.Outbox;

/// <summary>An auto-reset wake-up for this host's dispatcher, also fired when a channel's pacing ends.</summary>
public sealed class OutboxSignal(TimeProvider time) : IOutboxSignal
{
    private readonly SemaphoreSlim _gate = new(0, 1);

    public void Notify()
    {
        // At most one pending wake-up: many notifications before the dispatcher looks are one look.
        try { if (_gate.CurrentCount == 0) _gate.Release(); }
        catch (SemaphoreFullException) { }
    }

    public void NotifyAt(DateTimeOffset at)
    {
        var delay = at - time.GetUtcNow();
        if (delay <= TimeSpan.Zero) { Notify(); return; }
        _ = Task.Delay(delay, time).ContinueWith(_ => Notify(), TaskScheduler.Default);
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _gate.WaitAsync(timeout, cancellationToken);
}
