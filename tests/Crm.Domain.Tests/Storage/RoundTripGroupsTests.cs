using System.Collections.Concurrent;
using Crm.Domain.Storage.Sharing;

namespace Crm.Domain.Tests.Storage;

/// <summary>How concurrent requests are gathered into shared round trips.</summary>
public sealed class RoundTripGroupsTests
{
    /// <summary>A runner whose groups wait for the test to open <see cref="Gate"/>, answering each item doubled.</summary>
    private sealed class HeldRunner
    {
        public readonly ConcurrentQueue<int[]> Groups = new();
        public TaskCompletionSource Gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public int Running;
        public int MostRunning;

        public async Task RunAsync(IReadOnlyList<RoundTripGroups<int, int>.Member> members)
        {
            var now = Interlocked.Increment(ref Running);
            lock (this) MostRunning = Math.Max(MostRunning, now);
            Groups.Enqueue(members.Select(m => m.Item).ToArray());
            await Gate.Task;
            Interlocked.Decrement(ref Running);
            foreach (var member in members) member.Succeed(member.Item * 2);
        }
    }

    [Fact]
    public async Task WhatArrivesWhileARoundTripIsUnderWay_GoesAsOneGroupInTheNext()
    {
        var runner = new HeldRunner();
        var groups = new RoundTripGroups<int, int>(runner.RunAsync, maxInFlight: 1, maxGroup: 64);

        var first = groups.RunAsync(1);
        var later = Enumerable.Range(2, 4).Select(groups.RunAsync).ToList();
        runner.Gate.SetResult();

        Assert.Equal(2, await first);
        Assert.Equal(new[] { 4, 6, 8, 10 }, await Task.WhenAll(later));
        Assert.Equal([[1], [2, 3, 4, 5]], runner.Groups.ToArray());
    }

    [Fact]
    public async Task AQuietCaller_StartsItsOwnRoundTripAtOnce_UpToTheLimitInFlight()
    {
        var runner = new HeldRunner();
        var groups = new RoundTripGroups<int, int>(runner.RunAsync, maxInFlight: 2, maxGroup: 64);

        var calls = new[] { groups.RunAsync(1), groups.RunAsync(2), groups.RunAsync(3), groups.RunAsync(4) };
        Assert.Equal(2, runner.Running);
        runner.Gate.SetResult();

        Assert.Equal(new[] { 2, 4, 6, 8 }, await Task.WhenAll(calls));
        Assert.Equal(2, runner.MostRunning);
        Assert.Equal([[1], [2], [3, 4]], runner.Groups.ToArray());
    }

    [Fact]
    public async Task AGroupNeverExceedsItsLargestSize()
    {
        var runner = new HeldRunner();
        var groups = new RoundTripGroups<int, int>(runner.RunAsync, maxInFlight: 1, maxGroup: 2);

        var calls = Enumerable.Range(1, 6).Select(groups.RunAsync).ToList();
        runner.Gate.SetResult();

        Assert.Equal(new[] { 2, 4, 6, 8, 10, 12 }, await Task.WhenAll(calls));
        Assert.Equal([[1], [2, 3], [4, 5], [6]], runner.Groups.ToArray());
    }

    [Fact]
    public async Task AFailedRoundTrip_FailsEveryMemberWithItsError_AndTheNextGroupStillRuns()
    {
        var fail = true;
        var groups = new RoundTripGroups<int, int>(members =>
        {
            if (fail) throw new TimeoutException("server gone");
            foreach (var member in members) member.Succeed(member.Item);
            return Task.CompletedTask;
        }, maxInFlight: 1, maxGroup: 64);

        var refused = await Assert.ThrowsAsync<TimeoutException>(() => groups.RunAsync(1));
        Assert.Equal("server gone", refused.Message);
        fail = false;
        Assert.Equal(7, await groups.RunAsync(7));
    }

    [Fact]
    public async Task AMemberTheRunnerForgot_FailsInsteadOfWaitingForever()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var groups = new RoundTripGroups<int, int>(async members =>
        {
            await gate.Task;
            members[0].Succeed(members[0].Item);
        }, maxInFlight: 1, maxGroup: 64);

        var (first, second, third) = (groups.RunAsync(1), groups.RunAsync(2), groups.RunAsync(3));
        gate.SetResult();

        Assert.Equal(1, await first);
        Assert.Equal(2, await second);
        await Assert.ThrowsAsync<InvalidOperationException>(() => third);
    }
}
