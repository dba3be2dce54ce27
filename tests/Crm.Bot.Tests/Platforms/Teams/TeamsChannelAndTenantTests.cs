using System.Net;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Domain.Demo;
using Crm.Testing.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// Attacks on who may speak at /api/messages: other Bot Framework channels (where the caller picks
/// from.id and channelData), disagreeing tenants, and a person named by anything but from.aadObjectId.
/// Each one is refused before anything runs, is stored or is sent.
/// </summary>
public sealed class TeamsChannelAndTenantTests : IAsyncLifetime
{
    private const string OtherTenant = "99999999-9999-4999-8999-999999999999";
    private readonly RecordingPipeline _pipeline = new();
    private TeamsTestHost _host = null!;

    public async Task InitializeAsync() =>
        _host = await TeamsTestHost.StartAsync(s => s.AddScoped<ICommandPipeline>(ClaimingPipeline.Around(_pipeline)));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private static DemoUser Sam => DemoDirectory.FindByEmail("sam@example.com")!;
    private static DemoUser Root => DemoDirectory.FindByEmail("root@example.com")!;

    [Theory]
    [InlineData("webchat")]
    [InlineData("directline")]
    [InlineData("emulator")]
    [InlineData("MSTeams")]
    public async Task ActivityFromAnotherChannel_IsRefused_EvenSignedByAKeyEndorsedForThatChannel(string channel)
    {
        // A key the Bot Framework endorses for Teams and for the other channel: the signature is genuine.
        _host.Auth.Publish("shared-key", "msteams", channel);
        var activity = _host.Activities.Personal(Root, "admin map email mallory@example.com crm-admin");
        activity["channelId"] = channel;

        var response = await _host.PostAsync(activity, _host.Token(s => s with { KeyId = "shared-key" }));

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        await AssertNothingHappenedAsync();
    }

    [Theory]
    [InlineData("channelData allowed, conversation other")]
    [InlineData("conversation allowed, channelData other")]
    [InlineData("channelData allowed, conversation other, channel message")]
    public async Task TenantsThatDisagree_AreRefused(string variant)
    {
        var activity = variant.EndsWith("channel message", StringComparison.Ordinal)
            ? _host.Activities.ChannelMention(Sam, DemoDirectory.Channels.Single(c => c.Name == "Support"), "note acme forged")
            : _host.Activities.Personal(Sam, "note acme forged");
        if (variant.StartsWith("channelData allowed", StringComparison.Ordinal))
            activity["conversation"]!["tenantId"] = OtherTenant;
        else
            activity["channelData"]!["tenant"]!["id"] = OtherTenant;

        var response = await _host.PostAsync(activity);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task ActivityWithoutAnAadObjectId_DoesNotRunAsWhoeverFromIdNames()
    {
        // from.id set to Root's object id, no aadObjectId: the old fallback made this Root.
        var activity = _host.Activities.Personal(Sam, "admin map email mallory@example.com crm-admin");
        var from = (JsonObject)activity["from"]!;
        from.Remove("aadObjectId");
        from["id"] = Root.TeamsObjectId;
        from["name"] = Root.DisplayName;

        var response = await _host.PostAsync(activity);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        await AssertNothingHappenedAsync();
    }

    [Fact]
    public async Task ThePersonIsTheAadObjectId_NeverFromIdOrName()
    {
        var activity = _host.Activities.Personal(Sam, "whoami");
        activity["from"]!["id"] = "29:" + Root.TeamsObjectId;
        activity["from"]!["name"] = Root.DisplayName;

        var response = await _host.PostAsync(activity);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Sam.TeamsObjectId, Assert.Single(_pipeline.Requests).UserId);
    }

    private async Task AssertNothingHappenedAsync()
    {
        // Sends happen after the HTTP answer: give a wrongly accepted activity the time to show itself.
        await Task.Delay(300);
        Assert.Empty(_pipeline.Requests);
        Assert.Empty(_host.Connector.Calls);
        await using var db = _host.Database.CreateContext();
        Assert.Equal(0, await db.ProcessedRequests.CountAsync());
        Assert.Equal(0, await db.UserLinks.CountAsync());
        Assert.Equal(0, await db.Channels.CountAsync(c => c.ConversationReference != null));
        Assert.Equal(0, await db.Outbox.CountAsync());
    }
}
