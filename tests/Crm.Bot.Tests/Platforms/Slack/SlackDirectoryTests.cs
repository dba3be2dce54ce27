using Crm.Domain.Demo;
using Crm.Testing.Slack;
using Microsoft.Extensions.Caching.Memory;

namespace Crm.Bot.Tests.Platforms.Slack;

public sealed class SlackDirectoryTests(SlackApiFixture fixture) : IClassFixture<SlackApiFixture>, IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());

    public void Dispose()
    {
        fixture.Slack.Clear();
        _cache.Dispose();
    }

    [Fact]
    public async Task DemoUser_IsWhoeverUsersInfoReportsWithTheirEmail()
    {
        var ava = DemoDirectory.FindByEmail("ava@example.com")!;

        var lookup = await fixture.Directory(_cache).LookupAsync("T0DEMO", ava.SlackUserId, CancellationToken.None);

        Assert.Equal("ava@example.com", lookup.User?.Email);
        Assert.Equal("Ava Sales", lookup.User?.DisplayName);
    }

    [Fact]
    public async Task Lookups_AreCached()
    {
        var directory = fixture.Directory(_cache);
        await directory.LookupAsync("T0DEMO", "U0MAX", CancellationToken.None);
        await directory.LookupAsync("T0DEMO", "U0MAX", CancellationToken.None);

        Assert.Single(fixture.Slack.CallsTo("users.info"));
    }

    [Fact]
    public async Task UserWithoutVisibleEmail_IsUnlinked_AndToldWhy()
    {
        fixture.Slack.Users["U0HIDDEN"] = (null, "Hidden Person");

        var lookup = await fixture.Directory(_cache).LookupAsync("T0DEMO", "U0HIDDEN", CancellationToken.None);

        Assert.Null(lookup.User);
        Assert.False(lookup.Unavailable);
        Assert.Contains("e-mail", lookup.Problem);
        Assert.Contains("users:read.email", lookup.Problem);
    }

    [Fact]
    public async Task UnknownUser_IsUnlinked()
    {
        var lookup = await fixture.Directory(_cache).LookupAsync("T0DEMO", "U0NOBODY", CancellationToken.None);
        Assert.Null(lookup.User);
        Assert.Contains("user_not_found", lookup.Problem);
    }

    [Fact]
    public async Task SlackOutage_IsReportedAsUnavailable_AndNotCached()
    {
        fixture.Slack.Script("users.info", FakeSlackAnswer.Error("invalid_auth"));
        var directory = fixture.Directory(_cache);

        var first = await directory.LookupAsync("T0DEMO", "U0SAM", CancellationToken.None);
        var second = await directory.LookupAsync("T0DEMO", "U0SAM", CancellationToken.None);

        Assert.True(first.Unavailable);
        Assert.Equal("sam@example.com", second.User?.Email);
    }
}
