namespace Crm.Domain.Storage.Sharing;

/// <summary>
/// Lets concurrent requests share database round trips: what arrives while a round trip is under way
/// waits and then goes as one group in the next. Nothing is delayed on purpose — a request arriving
/// when fewer than <c>maxInFlight</c> groups are running starts one at once — so a quiet host pays
/// nothing and a busy one pays one round trip (and, for writes, one commit) per group instead of per
/// request. This is group commit, done by the application because every round trip costs both the
/// host and the server CPU time that the busiest paths cannot spare.
/// </summary>
public sealed class RoundTripGroups<TItem, TResult>
{
    private readonly Func<IReadOnlyList<Member>, Task> runGroup;
    private readonly int maxInFlight;
    private readonly int maxGroup;
    private readonly Lock gate = new();
    private readonly List<Member> waiting = [];
    private int running;

    /// <param name="runGroup">Runs one group and completes every member (with a result or its own error);
    /// if it throws, members it left open fail with that exception.</param>
    public RoundTripGroups(Func<IReadOnlyList<Member>, Task> runGroup, int maxInFlight, int maxGroup)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInFlight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxGroup, 1);
        this.runGroup = runGroup;
        this.maxInFlight = maxInFlight;
        this.maxGroup = maxGroup;
    }

    /// <summary>
    /// Queues <paramref name="item"/> for the next group. Not cancellable once queued: the group may
    /// already be on the wire, and a half-known outcome is worse than a late one.
    /// </summary>
    public Task<TResult> RunAsync(TItem item)
    {
        var member = new Member(item);
        bool start;
        lock (gate)
        {
            waiting.Add(member);
            start = running < maxInFlight;
            if (start) running++;
        }
        if (start) _ = DrainAsync();
        return member.Task;
    }

    private async Task DrainAsync()
    {
        while (true)
        {
            List<Member> group;
            lock (gate)
            {
                if (waiting.Count == 0)
                {
                    running--;
                    return;
                }
                var take = Math.Min(waiting.Count, maxGroup);
                group = waiting.GetRange(0, take);
                waiting.RemoveRange(0, take);
            }
            try
            {
                await runGroup(group);
            }
            catch (Exception failure)
            {
                foreach (var member in group) member.Fail(failure);
            }
            foreach (var member in group)
                member.Fail(new InvalidOperationException("A shared round trip ended without answering one of its requests."));
        }
    }

    /// <summary>One request in a group. Completing it twice is harmless: the first outcome stands.</summary>
    public sealed class Member(TItem item)
    {
        // Continuations run on the thread pool, so answering a group of 30 does not run 30 requests
        // one after the other on the thread that should start the next group.
        private readonly TaskCompletionSource<TResult> outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TItem Item { get; } = item;
        public Task<TResult> Task => outcome.Task;
        public void Succeed(TResult result) => outcome.TrySetResult(result);
        public void Fail(Exception failure) => outcome.TrySetException(failure);
    }
}
