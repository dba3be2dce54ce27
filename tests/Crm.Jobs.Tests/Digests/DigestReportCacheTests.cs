using Crm.Domain.Digests;
using Crm.Domain.Reports;
using Crm.Jobs.Digests;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Jobs.Tests.Digests;

public sealed class DigestReportCacheTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 8, 0, 10, TimeSpan.Zero);
    private static readonly DateTimeOffset LastMonday = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);

    private static Func<Task<ReportResult>> Counting(List<int> calls, DigestKind kind = DigestKind.Overdue) => () =>
    {
        calls.Add(calls.Count);
        return Task.FromResult<ReportResult>(new OverdueReport(Now, LastMonday, [], calls.Count, [], [], [], 0, 0, []));
    };

    [Fact]
    public async Task DigestsOfOneScheduleInOneMinute_ShareOneComputation()
    {
        var time = new FakeTimeProvider(Now);
        var cache = new DigestReportCache(time);
        var calls = new List<int>();

        var first = await cache.GetAsync(DigestKind.Overdue, LastMonday, ReportFilter.None, Counting(calls));
        var second = await cache.GetAsync(DigestKind.Overdue, LastMonday, ReportFilter.None, Counting(calls));
        Assert.Same(first, second);
        Assert.Single(calls);

        await cache.GetAsync(DigestKind.Overdue, LastMonday.AddDays(-1), ReportFilter.None, Counting(calls)); // another "since"
        await cache.GetAsync(DigestKind.Pipeline, LastMonday, ReportFilter.None, Counting(calls));            // another kind
        Assert.Equal(3, calls.Count);

        // Digests with different filters never share figures; equal filters (stored apart) do.
        await cache.GetAsync(DigestKind.Overdue, LastMonday, new ReportFilter(Region: "EMEA"), Counting(calls));
        Assert.Equal(4, calls.Count);
        await cache.GetAsync(DigestKind.Overdue, LastMonday, ReportFilter.FromJson(new ReportFilter(Region: "EMEA").ToJson()), Counting(calls));
        Assert.Equal(4, calls.Count);

        time.Advance(TimeSpan.FromMinutes(1)); // a later minute reads the data afresh
        await cache.GetAsync(DigestKind.Overdue, LastMonday, ReportFilter.None, Counting(calls));
        Assert.Equal(5, calls.Count);
    }

    [Fact]
    public async Task AFailedComputation_IsNotShared()
    {
        var cache = new DigestReportCache(new FakeTimeProvider(Now));
        await Assert.ThrowsAsync<TimeoutException>(() => cache.GetAsync(DigestKind.Tickets, LastMonday, ReportFilter.None, () => throw new TimeoutException()));
        var calls = new List<int>();
        await cache.GetAsync(DigestKind.Tickets, LastMonday, ReportFilter.None, Counting(calls));
        Assert.Single(calls);
    }
}
