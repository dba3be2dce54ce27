using Crm.Domain.Common;
using Crm.Domain.Handoffs;

namespace Crm.Domain.Tests.Handoffs;

public sealed class HandoffRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Handoff NewHandoff() =>
        new(1001, 1, Department.Sales, Department.Support, "Onboarding starts Monday", "ava@example.com", Now);

    [Fact]
    public void Handoff_ToTheSameDepartment_IsRejected()
    {
        var error = Assert.Throws<DomainException>(() =>
            new Handoff(1, 1, Department.Sales, Department.Sales, null, "ava@example.com", Now));
        Assert.Contains("another department", error.Message);
    }

    [Fact]
    public void NewHandoff_IsOffered()
    {
        var handoff = NewHandoff();
        Assert.Equal(HandoffState.Offered, handoff.State);
        Assert.Equal("H-1001", handoff.HumanId);
    }

    [Fact]
    public void Accept_RecordsWhoAndWhen()
    {
        var handoff = NewHandoff();
        handoff.Accept("sam@example.com", Now.AddHours(1));
        Assert.Equal(HandoffState.Accepted, handoff.State);
        Assert.Equal("sam@example.com", handoff.DecidedBy);
        Assert.Equal(Now.AddHours(1), handoff.DecidedAt);
    }

    [Fact]
    public void Decline_KeepsTheReason()
    {
        var handoff = NewHandoff();
        handoff.Decline("sam@example.com", Now, " Not ready yet ");
        Assert.Equal(HandoffState.Declined, handoff.State);
        Assert.Equal("Not ready yet", handoff.DeclineReason);
    }

    [Fact]
    public void Deciding_Twice_IsRejected_AndKeepsTheFirstDecision()
    {
        var handoff = NewHandoff();
        handoff.Accept("sam@example.com", Now);
        var error = Assert.Throws<DomainException>(() => handoff.Decline("eve@example.com", Now, "no"));
        Assert.Contains("H-1001 was already accepted by sam@example.com", error.Message);
        Assert.Equal(HandoffState.Accepted, handoff.State);
        Assert.Equal("sam@example.com", handoff.DecidedBy);
    }
}
