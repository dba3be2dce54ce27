using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Crm.Domain.Demo;

namespace Crm.Bot.Tests.Console;

public sealed class ConsoleDirectoryTests
{
    [Fact]
    public async Task Slack_FindsTheDemoUser_ByTheirSlackId()
    {
        var found = await new ConsoleDirectory(Platform.Slack).LookupAsync(DemoDirectory.SlackWorkspace, "U0FIONA", default);
        Assert.Equal("fiona@example.com", found.User?.Email);
        Assert.Equal("Finance", found.User?.Department);
    }

    [Fact]
    public async Task Teams_FindsTheDemoUser_ByTheirEntraObjectId()
    {
        var found = await new ConsoleDirectory(Platform.Teams).LookupAsync(DemoDirectory.TeamsTenant, "00000000-0000-4000-8000-0000000000a3", default);
        Assert.Equal("sam@example.com", found.User?.Email);
    }

    [Fact]
    public async Task UnknownUser_IsNotLinked_AndSaysWhy()
    {
        var found = await new ConsoleDirectory(Platform.Slack).LookupAsync(DemoDirectory.SlackWorkspace, "U0NOBODY", default);
        Assert.Null(found.User);
        Assert.False(found.Unavailable);
        Assert.Equal("User U0NOBODY is not one of the demo users.", found.Problem);
    }

    [Fact]
    public async Task OtherWorkspace_IsNotKnown()
    {
        var found = await new ConsoleDirectory(Platform.Slack).LookupAsync("T0OTHER", "U0AVA", default);
        Assert.Null(found.User);
        Assert.Contains("T0DEMO", found.Problem);
    }
}
