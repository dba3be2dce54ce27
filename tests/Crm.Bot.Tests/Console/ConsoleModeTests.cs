using Crm.Bot.TryIt;
using Crm.Domain.Common;
using Microsoft.Extensions.Configuration;

namespace Crm.Bot.Tests.Console;

public sealed class ConsoleModeTests
{
    private static ConsoleMode ModeOf(params (string Key, string Value)[] settings) =>
        ConsoleMode.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());

    [Fact]
    public void Console_IsOn_InTheEmbeddedDefault_AndStandsInForBothPlatforms()
    {
        var mode = ModeOf();
        Assert.True(mode.Enabled);
        Assert.False(mode.AllowRemote);
        Assert.True(mode.StandsInFor(Platform.Slack));
        Assert.True(mode.StandsInFor(Platform.Teams));
    }

    [Theory]
    [InlineData("Slack:SigningSecret")]
    [InlineData("Slack:BotToken")]
    [InlineData("Slack:AppToken")]
    [InlineData("Teams:AppId")]
    public void Console_IsOff_OnceAPlatformIsConfigured(string key)
    {
        var mode = ModeOf((key, "configured"));
        Assert.False(mode.Enabled);
        Assert.False(mode.StandsInFor(Platform.Slack));
        Assert.False(mode.StandsInFor(Platform.Teams));
    }

    [Theory]
    [InlineData("Slack:SigningSecret", "Slack is configured")]
    [InlineData("Slack:BotToken", "Slack is configured")]
    [InlineData("Slack:AppToken", "Slack is configured")]
    [InlineData("Teams:AppId", "Teams is configured")]
    public void Console_ForcedOn_BesideAConfiguredPlatform_IsRefused_AndNotServed(string key, string said)
    {
        var mode = ModeOf((key, "configured"), ("Console:Enabled", "true"));
        Assert.False(mode.Enabled);
        Assert.False(mode.StandsInFor(Platform.Slack));
        Assert.False(mode.StandsInFor(Platform.Teams));
        Assert.Contains(said, mode.Refusal);
        Assert.Contains("Console:Enabled", mode.Refusal);
    }

    [Fact]
    public void Console_ForcedOn_WithNoPlatform_IsNotRefused()
    {
        var mode = ModeOf(("Console:Enabled", "true"));
        Assert.True(mode.Enabled);
        Assert.Null(mode.Refusal);
    }

    [Fact]
    public void Console_CanBeSwitchedOff_InTheEmbeddedDefault()
    {
        var mode = ModeOf(("Console:Enabled", "false"));
        Assert.False(mode.Enabled);
        Assert.False(mode.StandsInFor(Platform.Slack));
    }

    [Fact]
    public void EmptyCredentials_DoNotCountAsConfigured()
    {
        Assert.True(ModeOf(("Slack:SigningSecret", " "), ("Teams:AppId", "")).Enabled);
    }

    [Fact]
    public void AllowRemote_IsReadFromConfiguration()
    {
        Assert.True(ModeOf(("Console:AllowRemote", "true")).AllowRemote);
    }
}
