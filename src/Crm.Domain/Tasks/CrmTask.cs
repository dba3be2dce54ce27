using Crm.Domain.Common;

namespace Crm.Domain.Tasks;

/// <summary>A to-do about a customer, with a reminder at its due time.</summary>
public sealed class CrmTask
{
    private CrmTask() { }

    public CrmTask(long number, long customerId, string assigneeEmail, string text, DateTimeOffset dueAt, string createdBy)
    {
        Number = number;
        CustomerId = customerId;
        AssigneeEmail = Guard.Email(assigneeEmail, "Assignee");
        Text = Guard.Required(text, "Task text", 1000);
        DueAt = dueAt;
        CreatedBy = createdBy;
    }

    public long Id { get; private set; }
    public long Number { get; private set; }
    public string HumanId => Common.HumanId.Format(Common.HumanId.Task, Number);
    public long CustomerId { get; private set; }
    public string AssigneeEmail { get; private set; } = "";
    public string Text { get; private set; } = "";
    public DateTimeOffset DueAt { get; private set; }
    public bool Done { get; private set; }
    public DateTimeOffset? DoneAt { get; private set; }
    public string CreatedBy { get; private set; } = "";
    /// <summary>The scheduled reminder job, so completing or rescheduling can cancel or move it.</summary>
    public string? ReminderJobId { get; set; }

    public void Complete(DateTimeOffset at)
    {
        if (Done) throw new DomainException($"Task {HumanId} is already done.");
        Done = true;
        DoneAt = at;
    }

    public void Reschedule(DateTimeOffset dueAt)
    {
        if (Done) throw new DomainException($"Task {HumanId} is done; it cannot be rescheduled.");
        DueAt = dueAt;
    }

    public void Reassign(string assigneeEmail)
    {
        if (Done) throw new DomainException($"Task {HumanId} is done; it cannot be reassigned.");
        AssigneeEmail = Guard.Email(assigneeEmail, "Assignee");
    }
}
