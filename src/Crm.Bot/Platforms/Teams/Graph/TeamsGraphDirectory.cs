using System.Collections.Concurrent;
using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.Extensions.Options;
using Microsoft.Graph;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Who a Teams user is, from Microsoft Graph: mail or UPN, department, job title and transitive
/// group memberships (names to show, object ids to match), and the time zone of their mailbox settings
/// (mapped to IANA). Answers are cached; when Graph cannot be
/// reached a recent cached answer is used, otherwise the lookup reports the directory as unavailable
/// (never a silent allow). Also finds groups by name or id when an admin maps a group to a role.
/// </summary>
internal sealed class TeamsGraphDirectory(
    IHttpClientFactory httpClients,
    EntraTokenProvider tokens,
    IOptions<TeamsOptions> teams,
    IOptions<GraphOptions> graph,
    TimeProvider time,
    ILogger<TeamsGraphDirectory> logger) : IDirectory, IGroupDirectory
{
    /// <summary>More groups of one name than this are not listed one by one (the admin is told to pick by id).</summary>
    public const int MaxGroupsByName = 50;
    public const string HttpClientName = "teams-graph";
    private readonly ConcurrentDictionary<(string Tenant, string User), (DirectoryUser User, DateTimeOffset At)> _cache = new();

    public Platform Platform => Platform.Teams;

    public async Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken)
    {
        var key = (workspace, userId);
        var now = time.GetUtcNow();
        var settings = graph.Value;
        if (_cache.TryGetValue(key, out var cached) && now - cached.At < TimeSpan.FromMinutes(settings.CacheMinutes))
            return DirectoryLookup.Found(cached.User);
        if (!Guid.TryParse(userId, out _) || !Guid.TryParse(workspace, out _))
            return DirectoryLookup.NotLinked("This Teams account has no Entra ID object id, so it cannot be matched to a person in the directory.");

        try
        {
            var user = await FetchAsync(workspace, userId, cancellationToken);
            if (user is null)
                return DirectoryLookup.NotLinked("Your Entra ID account has no e-mail address or user principal name, so no role can be mapped to it. Ask your Microsoft 365 admin to set one.");
            _cache[key] = (user, time.GetUtcNow());
            return DirectoryLookup.Found(user);
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return DirectoryLookup.NotLinked("Your account was not found in the organisation's directory (Microsoft Graph).");
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Microsoft Graph lookup of {User} failed", userId);
            if (_cache.TryGetValue(key, out cached) && now - cached.At < TimeSpan.FromMinutes(settings.StaleIdentityMinutes))
                return DirectoryLookup.Found(cached.User);
            return DirectoryLookup.Down("Your role cannot be checked right now: the directory (Microsoft Graph) is not answering. Please try again in a few minutes.");
        }
    }

    private async Task<DirectoryUser?> FetchAsync(string tenant, string userId, CancellationToken cancellationToken)
    {
        var client = Client(tenant);
        var user = await client.Users[userId].GetAsync(
            r => r.QueryParameters.Select = ["id", "displayName", "mail", "userPrincipalName", "department", "jobTitle"],
            cancellationToken);
        var email = (user?.Mail ?? user?.UserPrincipalName)?.Trim().ToLowerInvariant();
        if (user is null || string.IsNullOrEmpty(email))
            return null;

        var groups = new List<string>();
        var groupIds = new List<string>();
        var page = await client.Users[userId].TransitiveMemberOf.GraphGroup.GetAsync(r =>
        {
            r.QueryParameters.Select = ["id", "displayName"];
            r.QueryParameters.Top = 100;
            r.Headers.Add("ConsistencyLevel", "eventual");
        }, cancellationToken);
        while (page is not null)
        {
            foreach (var group in page.Value ?? [])
            {
                // Names are for people to read; rules match the ids only (a name is anyone's to choose).
                if (!string.IsNullOrWhiteSpace(group.DisplayName)) groups.Add(group.DisplayName);
                if (!string.IsNullOrWhiteSpace(group.Id)) groupIds.Add(group.Id);
            }
            if (page.OdataNextLink is not { Length: > 0 } next)
                break;
            page = await client.Users[userId].TransitiveMemberOf.GraphGroup.WithUrl(next)
                .GetAsync(r => r.Headers.Add("ConsistencyLevel", "eventual"), cancellationToken);
        }
        var timeZone = await TimeZoneAsync(client, userId, cancellationToken);
        return new DirectoryUser(email, user.DisplayName ?? email, user.Department, user.JobTitle, groups, timeZone, groupIds);
    }

    /// <summary>
    /// The person's zone from their Outlook settings (<c>mailboxSettings.timeZone</c>, a Windows name such as
    /// "W. Europe Standard Time"), as an IANA id. A user without a mailbox, a missing MailboxSettings.Read
    /// permission or a custom zone leaves it unknown (times then use the configured default); it never
    /// fails the lookup, which only decides who someone is.
    /// </summary>
    private async Task<string?> TimeZoneAsync(GraphServiceClient client, string userId, CancellationToken cancellationToken)
    {
        try
        {
            var settings = await client.Users[userId].MailboxSettings.GetAsync(
                r => r.QueryParameters.Select = ["timeZone"], cancellationToken);
            return TimeZoneIds.ToIana(settings?.TimeZone);
        }
        catch (ODataError e)
        {
            logger.LogDebug("Microsoft Graph has no mailbox settings for {User} ({Status})", userId, e.ResponseStatusCode);
            return null;
        }
    }

    public bool IsAvailable => teams.Value.IsConfigured || !string.IsNullOrWhiteSpace(graph.Value.ClientId);

    public async Task<IReadOnlyList<DirectoryGroup>> FindByNameAsync(string? tenant, string displayName, CancellationToken cancellationToken)
    {
        var client = Client(Tenant(tenant));
        var page = await AskAsync(() => client.Groups.GetAsync(r =>
        {
            // OData string literal: a quote inside the name is doubled.
            r.QueryParameters.Filter = $"displayName eq '{displayName.Replace("'", "''", StringComparison.Ordinal)}'";
            r.QueryParameters.Select = ["id", "displayName"];
            r.QueryParameters.Top = MaxGroupsByName;
        }, cancellationToken), cancellationToken);
        return (page?.Value ?? [])
            // Entra object ids are GUIDs; anything else could not be matched later.
            .Where(g => Guid.TryParse(g.Id, out _))
            .Select(g => new DirectoryGroup(Guid.Parse(g.Id!).ToString(), g.DisplayName ?? ""))
            .ToList();
    }

    public async Task<DirectoryGroup?> FindByIdAsync(string? tenant, string objectId, CancellationToken cancellationToken)
    {
        var client = Client(Tenant(tenant));
        try
        {
            var group = await AskAsync(() => client.Groups[objectId].GetAsync(r => r.QueryParameters.Select = ["id", "displayName"], cancellationToken), cancellationToken);
            return Guid.TryParse(group?.Id, out var id) ? new DirectoryGroup(id.ToString(), group!.DisplayName ?? "") : null;
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            return null;
        }
    }

    /// <summary>The tenant to ask: the one the admin spoke from, else the home tenant.</summary>
    private string Tenant(string? tenant) =>
        (Guid.TryParse(tenant, out _) ? tenant : null)
        ?? (string.IsNullOrWhiteSpace(teams.Value.TenantId) ? null : teams.Value.TenantId.Trim())
        ?? teams.Value.EffectiveAllowedTenants.FirstOrDefault()
        ?? throw new DomainException("No Teams tenant is configured (Teams:TenantId), so groups cannot be looked up; give the group's object id.");

    /// <summary>A Graph call whose outage becomes a message for the admin (a missing group, 404, is the caller's to handle).</summary>
    private async Task<T?> AskAsync<T>(Func<Task<T?>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (ODataError e) when (e.ResponseStatusCode == 404)
        {
            throw;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "Microsoft Graph group lookup failed");
            throw new DomainException("Microsoft Graph cannot be reached right now, so the group cannot be looked up. Try again in a few minutes, or give the group's object id.");
        }
    }

    private GraphServiceClient Client(string tenant)
    {
        var settings = graph.Value;
        var credentials = new ClientCredentials(
            teams.Value.TokenAuthority, tenant,
            settings.ClientId ?? teams.Value.AppId ?? "",
            settings.ClientSecret ?? teams.Value.AppPassword ?? "",
            settings.Scope);
        var auth = new BaseBearerTokenAuthenticationProvider(new GraphAccessTokenProvider(tokens, credentials, settings.BaseUrl));
        return new GraphServiceClient(httpClients.CreateClient(HttpClientName), auth, settings.BaseUrl.TrimEnd('/'));
    }
}
