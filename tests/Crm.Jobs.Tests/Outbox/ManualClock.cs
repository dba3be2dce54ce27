using Microsoft.Extensions.Time.Testing;

namespace Crm.Jobs.Tests.Outbox;

/// <summary>
/// A manual clock that also tells when code under test starts waiting on it, so a test advances time
/// only after the wait exists (otherwise the wait would start late and the test would race).
/// </summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(start);
    private readonly SemaphoreSlim _timers = new(0);

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        _timers.Release();
        return timer;
    }

    /// <summary>Waits until the code under test has started one more wait on this clock.</summary>
    public async Task WaitForTimerAsync()
    {
        if (!await _timers.WaitAsync(TimeSpan.FromSeconds(15)))
            throw new TimeoutException("The code under test never started waiting.");
    }

    public void Advance(TimeSpan by) => _fake.Advance(by);
}
