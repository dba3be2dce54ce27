using Crm.Bot.Platforms.Teams;
using Crm.Domain.Identity;
using Crm.Testing.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsGraphDirectoryTests : IAsyncLifetime
{
    private const string FionaId = "00000000-0000-4000-8000-0000000000a4";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private FakeEntraTokenEndpoint _entra = null!;
    private FakeGraph _graph = null!;
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _entra = await FakeEntraTokenEndpoint.StartNewAsync(TeamsTestHost.AppId, TeamsTestHost.AppPassword);
        _entra.AddClient("graph-client", "graph-secret");
        _graph = await FakeGraph.StartNewAsync(_entra);
        var groups = Enumerable.Range(1, 150).Select(i => ($"g-{i:D3}", $"Group {i}")).Append(("g-fin", "CRM Finance")).ToList();
        _graph.AddUser(new FakeGraph.GraphUser(FionaId, "Fiona Finance", "Fiona@Example.com", "fiona@example.onmicrosoft.com", "Finance", "Analyst", groups));
        _graph.AddUser(new FakeGraph.GraphUser("00000000-0000-4000-8000-0000000000b1", "No Mail", null, null, "Finance", null, []));
        _services = TeamsServices.Build(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = TeamsTestHost.AppId,
            ["Teams:AppPassword"] = TeamsTestHost.AppPassword,
            ["Teams:TenantId"] = TeamsTestHost.Tenant,
            ["Teams:TokenAuthority"] = _entra.BaseUrl,
            ["Graph:BaseUrl"] = _graph.ApiBaseUrl,
            ["Graph:ClientId"] = "graph-client",
            ["Graph:ClientSecret"] = "graph-secret",
        }, _clock);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _graph.DisposeAsync();
        await _entra.DisposeAsync();
    }

    private IDirectory Directory => _services.GetServices<IDirectory>().Single(d => d.Platform == Crm.Domain.Common.Platform.Teams);

    [Fact]
    public async Task Lookup_ReadsMailDepartmentTitleAndEveryPageOfTransitiveGroups()
    {
        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        var user = Assert.IsType<DirectoryUser>(lookup.User);
        Assert.Equal(("fiona@example.com", "Fiona Finance", "Finance", "Analyst"), (user.Email, user.DisplayName, user.Department, user.JobTitle));
        Assert.Contains("CRM Finance", user.Groups);
        // Names to show, ids to match, never mixed.
        Assert.DoesNotContain("g-fin", user.Groups);
        Assert.Contains("g-fin", user.GroupIds!);
        Assert.DoesNotContain("CRM Finance", user.GroupIds!);
        Assert.Equal(151, user.Groups.Count(g => g.StartsWith("Group ") || g == "CRM Finance"));
        Assert.Equal(151, user.GroupIds!.Count);

        var requests = _graph.Requests;
        Assert.Contains("select=id", requests[0].PathAndQuery);
        Assert.Contains("department", requests[0].PathAndQuery);
        var groupPages = requests.Where(r => r.PathAndQuery.Contains("transitiveMemberOf/")).ToList();
        Assert.Equal(2, groupPages.Count);
        Assert.All(groupPages, r => Assert.Equal("eventual", r.ConsistencyLevel));
        Assert.All(requests, r => Assert.True(_entra.Issued(r.Token, FakeGraph.Scope)));
        var token = Assert.Single(_entra.Requests);
        Assert.Equal((TeamsTestHost.Tenant, "graph-client", FakeGraph.Scope), (token.Tenant, token.ClientId, token.Scope));
    }

    [Fact]
    public async Task Lookup_ReadsTheMailboxTimeZone_AWindowsName_AsIana()
    {
        const string TokyoId = "00000000-0000-4000-8000-0000000000c1";
        _graph.AddUser(new FakeGraph.GraphUser(TokyoId, "Kenji Tanaka", "kenji@example.com", null, "Sales", null, [], "Tokyo Standard Time"));

        var user = (await Directory.LookupAsync(TeamsTestHost.Tenant, TokyoId, default)).User;

        Assert.Equal("Asia/Tokyo", user?.TimeZone);
        Assert.Contains(_graph.Requests, r => r.PathAndQuery.StartsWith($"/v1.0/users/{TokyoId}/mailboxSettings", StringComparison.Ordinal) && r.AnsweredWith == 200);
    }

    [Fact]
    public async Task Lookup_OfAUserWithoutAMailbox_StillFindsThem_WithNoTimeZone()
    {
        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        Assert.Equal("fiona@example.com", lookup.User?.Email);
        Assert.Null(lookup.User?.TimeZone);
        Assert.Contains(_graph.Requests, r => r.PathAndQuery.Contains("/mailboxSettings") && r.AnsweredWith == 404);
    }

    [Fact]
    public async Task Lookup_IsCached()
    {
        await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);
        var calls = _graph.Requests.Count;

        await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        Assert.Equal(calls, _graph.Requests.Count);
    }

    [Fact]
    public async Task Throttled_WaitsForRetryAfter_AndSucceeds()
    {
        _graph.ThrottleNext(1);

        var pending = Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);
        while (!pending.IsCompleted && _graph.Requests.Count < 2)
        {
            await Task.Delay(50);
            // The wait is measured on the injected clock: a second of it must pass before the retry.
            _clock.Advance(TimeSpan.FromMilliseconds(250));
        }
        var lookup = await pending;

        Assert.NotNull(lookup.User);
        Assert.Equal(429, _graph.Requests[0].AnsweredWith);
        Assert.Equal(200, _graph.Requests[1].AnsweredWith);
    }

    [Fact]
    public async Task GraphDown_UsesARecentCachedIdentity()
    {
        await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);
        _clock.Advance(TimeSpan.FromMinutes(10));
        _graph.Down = true;

        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        Assert.Equal("fiona@example.com", lookup.User?.Email);
        Assert.Contains(_graph.Requests, r => r.AnsweredWith == 503);
    }

    [Fact]
    public async Task GraphDown_WithoutARecentIdentity_SaysTheRoleCannotBeChecked()
    {
        await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);
        _clock.Advance(TimeSpan.FromMinutes(61));
        _graph.Down = true;

        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        Assert.Null(lookup.User);
        Assert.True(lookup.Unavailable);
        Assert.Contains("cannot be checked right now", lookup.Problem);
    }

    [Fact]
    public async Task UnknownUser_IsNotLinked_NotUnavailable()
    {
        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, "00000000-0000-4000-8000-00000000dead", default);

        Assert.Null(lookup.User);
        Assert.False(lookup.Unavailable);
        Assert.Contains("not found", lookup.Problem);
    }

    [Fact]
    public async Task UserWithoutMailOrUpn_CannotBeMapped()
    {
        var lookup = await Directory.LookupAsync(TeamsTestHost.Tenant, "00000000-0000-4000-8000-0000000000b1", default);

        Assert.Null(lookup.User);
        Assert.Contains("no e-mail", lookup.Problem);
    }

    [Fact]
    public async Task WrongGraphSecret_IsUnavailable_NeverAllowed()
    {
        await using var services = TeamsServices.Build(new Dictionary<string, string?>
        {
            ["Teams:AppId"] = TeamsTestHost.AppId,
            ["Teams:AppPassword"] = "wrong",
            ["Teams:TenantId"] = TeamsTestHost.Tenant,
            ["Teams:TokenAuthority"] = _entra.BaseUrl,
            ["Graph:BaseUrl"] = _graph.ApiBaseUrl,
        });

        var lookup = await services.GetRequiredService<TeamsGraphDirectory>().LookupAsync(TeamsTestHost.Tenant, FionaId, default);

        Assert.Null(lookup.User);
        Assert.True(lookup.Unavailable);
        Assert.Empty(_graph.Requests);
    }
}
