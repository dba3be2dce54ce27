using Crm.Domain.Common;
using Crm.Domain.Deals;

namespace Crm.Domain.Tests.Deals;

public sealed class DealStageRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Deal NewDeal() => new(1001, 1, "Acme renewal", 48_000m, "USD", new DateOnly(2027, 1, 31), "ava@example.com");

    [Fact]
    public void NewDeal_StartsInQualify()
    {
        Assert.Equal(DealStage.Qualify, NewDeal().Stage);
        Assert.Equal("D-1001", NewDeal().HumanId);
    }

    [Fact]
    public void OpenDeal_CanMoveForwardAndBack()
    {
        var deal = NewDeal();
        deal.MoveTo(DealStage.Negotiate, Now);
        deal.MoveTo(DealStage.Discover, Now);
        Assert.Equal(DealStage.Discover, deal.Stage);
    }

    [Theory]
    [InlineData(DealStage.Won)]
    [InlineData(DealStage.Lost)]
    public void ClosedDeal_CannotMoveWithoutReopening(DealStage closed)
    {
        var deal = NewDeal();
        deal.MoveTo(closed, Now);
        var error = Assert.Throws<DomainException>(() => deal.MoveTo(DealStage.Propose, Now));
        Assert.Contains("reopen", error.Message);
        deal.Reopen(Now);
        deal.MoveTo(DealStage.Propose, Now);
        Assert.Equal(DealStage.Propose, deal.Stage);
    }

    [Fact]
    public void OpenDeal_CannotBeReopened() =>
        Assert.Throws<DomainException>(() => NewDeal().Reopen(Now));

    [Fact]
    public void NegativeAmount_IsRejected()
    {
        var error = Assert.Throws<DomainException>(() => NewDeal().ChangeAmount(-1));
        Assert.Contains("zero or more", error.Message);
    }

    [Theory]
    [InlineData("usd", "USD")]
    [InlineData(" eur ", "EUR")]
    public void Currency_IsNormalised(string given, string stored)
    {
        var deal = NewDeal();
        deal.ChangeAmount(10, given);
        Assert.Equal(stored, deal.Currency);
    }

    [Theory]
    [InlineData("US")]
    [InlineData("dollars")]
    [InlineData("")]
    public void Currency_MustBeThreeLetters(string given) =>
        Assert.Throws<DomainException>(() => NewDeal().ChangeAmount(10, given));
}
