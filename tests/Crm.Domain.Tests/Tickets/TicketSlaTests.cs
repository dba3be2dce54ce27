using Crm.Domain.Common;
using Crm.Domain.Tickets;

namespace Crm.Domain.Tests.Tickets;

public sealed class TicketSlaTests
{
    private static readonly DateTimeOffset Opened = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(TicketPriority.Urgent, 4)]
    [InlineData(TicketPriority.High, 8)]
    [InlineData(TicketPriority.Normal, 24)]
    [InlineData(TicketPriority.Low, 72)]
    public void SlaDue_FollowsPriority(TicketPriority priority, int hours)
    {
        var ticket = new Ticket(1001, 1, "Cannot log in", priority, Opened);
        Assert.Equal(Opened.AddHours(hours), ticket.SlaDueAt);
        Assert.Equal("T-1001", ticket.HumanId);
        Assert.Equal(TicketStatus.Open, ticket.Status);
    }

    [Fact]
    public void PriorityChange_RebasesSlaOnOpeningTime()
    {
        var ticket = new Ticket(1, 1, "Slow reports", TicketPriority.Low, Opened);
        ticket.ChangePriority(TicketPriority.Urgent);
        Assert.Equal(Opened.AddHours(4), ticket.SlaDueAt);
    }

    [Fact]
    public void Ticket_RequiresASubject() =>
        Assert.Throws<DomainException>(() => new Ticket(1, 1, "  ", TicketPriority.High, Opened));

    [Fact]
    public void Resolving_RecordsTheTime_AndReopeningClearsIt()
    {
        var ticket = new Ticket(1, 1, "Cannot log in", TicketPriority.High, Opened);
        ticket.ChangeStatus(TicketStatus.Resolved, Opened.AddHours(2));
        Assert.False(ticket.IsOpen);
        Assert.Equal(Opened.AddHours(2), ticket.ResolvedAt);
        ticket.ChangeStatus(TicketStatus.Open, Opened.AddHours(3));
        Assert.True(ticket.IsOpen);
        Assert.Null(ticket.ResolvedAt);
    }

    [Fact]
    public void StatusChange_ToTheSameStatus_IsRejected()
    {
        var ticket = new Ticket(1001, 1, "Cannot log in", TicketPriority.High, Opened);
        var error = Assert.Throws<DomainException>(() => ticket.ChangeStatus(TicketStatus.Open, Opened));
        Assert.Contains("already open", error.Message);
    }
}
