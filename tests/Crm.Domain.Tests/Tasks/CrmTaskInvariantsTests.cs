using Crm.Domain.Common;
using Crm.Domain.Tasks;

namespace Crm.Domain.Tests.Tasks;

public sealed class CrmTaskInvariantsTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 9, 0, 0, TimeSpan.Zero);

    private static CrmTask NewTask() => new(1001, 1, "sam@example.com", "Call back about renewal", Due, "ava@example.com");

    [Fact]
    public void Task_RequiresAValidAssignee()
    {
        var error = Assert.Throws<DomainException>(() => new CrmTask(1, 1, "dana", "Call", Due, "ava@example.com"));
        Assert.Contains("Assignee", error.Message);
    }

    [Fact]
    public void Task_RequiresText() =>
        Assert.Throws<DomainException>(() => new CrmTask(1, 1, "sam@example.com", "", Due, "ava@example.com"));

    [Fact]
    public void Complete_Twice_IsRejected()
    {
        var task = NewTask();
        task.Complete(Due);
        Assert.True(task.Done);
        var error = Assert.Throws<DomainException>(() => task.Complete(Due));
        Assert.Contains("K-1001 is already done", error.Message);
    }

    [Fact]
    public void DoneTask_CannotBeRescheduled()
    {
        var task = NewTask();
        task.Reschedule(Due.AddDays(1));
        Assert.Equal(Due.AddDays(1), task.DueAt);
        task.Complete(Due);
        Assert.Throws<DomainException>(() => task.Reschedule(Due.AddDays(2)));
    }
}
