using Crm.Bot.Hosting;
using Microsoft.Extensions.Configuration;

namespace Crm.Bot.Tests.Hosting;

public sealed class StartupBannerTests
{
    [Fact]
    public void Integrations_AreReportedByPresence_NeverByValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:SigningSecret"] = "s3cr3t-signing-value",
            ["Graph:ClientId"] = "client-id-value",
            ["Teams:AppId"] = " ",
        }).Build();

        var text = StartupBanner.Describe(configuration);

        Assert.Equal("Slack configured, Teams not configured, Graph configured", text);
        Assert.DoesNotContain("s3cr3t", text);
        Assert.DoesNotContain("client-id-value", text);
    }

    [Fact]
    public void SlackInSocketMode_IsReportedAsSuch_NeverByValue()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Slack:AppToken"] = "xapp-1-A0CRM-1-secret-value",
            ["Slack:BotToken"] = "xoxb-secret-value",
        }).Build();

        var text = StartupBanner.Describe(configuration);

        Assert.Equal("Slack configured (Socket Mode), Teams not configured, Graph not configured", text);
        Assert.DoesNotContain("secret-value", text);
    }
}
