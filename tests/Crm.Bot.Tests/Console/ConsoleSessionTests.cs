using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Console;

public sealed class ConsoleSessionTests
{
    private static ConsoleSession Resolve(string user, string platform, string? channel)
    {
        var session = ConsoleSession.TryResolve(new ConsoleActor(user, platform, channel), out var problem);
        Assert.True(session is not null, problem);
        return session;
    }

    [Fact]
    public void SlashCommandInASlackChannel_IsPrivateToTheAsker_AsSlackSendsIt()
    {
        var request = Resolve("ava@example.com", "slack", "C0SALES").Typed("/crm show acme");
        Assert.Equal(Platform.Slack, request.Platform);
        Assert.Equal(DemoDirectory.SlackWorkspace, request.Workspace);
        Assert.Equal("C0SALES", request.ChannelId);
        Assert.Equal("sales", request.ChannelName);
        Assert.Equal("U0AVA", request.UserId);
        Assert.Equal("show acme", request.Text);
        Assert.Equal(ReplyVisibility.Private, request.Visibility);
        Assert.False(request.FromButton);
        Assert.StartsWith("console:", request.IdempotencyKey);
    }

    [Fact]
    public void TextWithoutPrefixInASlackChannel_IsASlashCommand()
    {
        var request = Resolve("ava@example.com", "slack", "C0SALES").Typed("  show acme ");
        Assert.Equal("show acme", request.Text);
        Assert.Equal(ReplyVisibility.Private, request.Visibility);
    }

    [Fact]
    public void MentionInASlackChannel_IsPostedAtTheChannelsClearance()
    {
        var request = Resolve("ava@example.com", "slack", "C0SALES").Typed("@CRM show acme");
        Assert.Equal("show acme", request.Text);
        Assert.Equal(ReplyVisibility.Channel, request.Visibility);
    }

    [Fact]
    public void TeamsChannelMessage_IsPostedAtTheChannelsClearance_WithTheMentionStripped()
    {
        var request = Resolve("fiona@example.com", "teams", "19:finance@thread.tacv2").Typed("@crm show acme");
        Assert.Equal(Platform.Teams, request.Platform);
        Assert.Equal(DemoDirectory.TeamsTenant, request.Workspace);
        Assert.Equal("00000000-0000-4000-8000-0000000000a4", request.UserId);
        Assert.Equal("show acme", request.Text);
        Assert.Equal(ReplyVisibility.Channel, request.Visibility);
    }

    [Theory]
    [InlineData("slack", "@CRM whoami")]
    [InlineData("teams", "whoami")]
    public void PrivateChat_IsPrivate_AndHasNoChannel(string platform, string text)
    {
        var request = Resolve("sam@example.com", platform, null).Typed(text);
        Assert.Null(request.ChannelId);
        Assert.Null(request.ChannelRef);
        Assert.Equal("whoami", request.Text);
        Assert.Equal(ReplyVisibility.Private, request.Visibility);
    }

    [Fact]
    public void Click_GoesToTheClickerAlone_AndIsMarkedAsAButton()
    {
        var request = Resolve("sam@example.com", "teams", "19:support@thread.tacv2").Clicked("handoff H-1 accept");
        Assert.True(request.FromButton);
        Assert.Equal(ReplyVisibility.Private, request.Visibility);
        Assert.Equal("handoff H-1 accept", request.Text);
    }

    [Fact]
    public void EveryRequest_HasItsOwnIdempotencyKey()
    {
        var session = Resolve("ava@example.com", "slack", null);
        Assert.NotEqual(session.Typed("note acme hi").IdempotencyKey, session.Typed("note acme hi").IdempotencyKey);
    }

    [Fact]
    public void AWordStartingLikeThePrefix_IsNotMistakenForIt()
    {
        Assert.Equal("/crmx show", Resolve("ava@example.com", "slack", "C0SALES").Typed("/crmx show").Text);
    }

    [Theory]
    [InlineData("nobody@example.com", "slack", null, "Unknown demo user 'nobody@example.com'. Pick one of: ava@example.com")]
    [InlineData("ava@example.com", "discord", null, "Unknown platform 'discord'. Use \"slack\" or \"teams\".")]
    [InlineData("ava@example.com", "teams", "C0SALES", "Unknown Teams channel 'C0SALES'. Use one of: 19:support@thread.tacv2")]
    public void BadChoices_SayWhatIsWrong_AndWhatWouldWork(string user, string platform, string? channel, string expected)
    {
        Assert.Null(ConsoleSession.TryResolve(new ConsoleActor(user, platform, channel), out var problem));
        Assert.StartsWith(expected, problem);
    }
}
