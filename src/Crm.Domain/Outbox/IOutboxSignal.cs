namespace Crm.Domain.Outbox;

/// <summary>
/// Wakes the outbox dispatcher of this host after new messages were stored, so they go out at once
/// instead of at the next poll. Optional: the dispatcher also polls, and other hosts poll too.
/// </summary>
public interface IOutboxSignal
{
    void Notify();
}
