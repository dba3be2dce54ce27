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
/// group memberships. Answers are cached; when Graph cannot be reached a recent cached answer is
/// used, otherwise the lookup reports the directory as unavailable (never a silent allow).
/// </summary>
internal sealed class TeamsGraphDirectory(
    IHttpClientFactory httpClients,
    EntraTokenProvider tokens,
    IOptions<TeamsOptions> teams,
    IOptions<GraphOptions> graph,
    TimeProvider time,
    ILogger<TeamsGraphDirectory> logger) : IDirectory
{
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
                // Rules may name a group by display name or by id; both are offered to the matcher.
                if (!string.IsNullOrWhiteSpace(group.DisplayName)) groups.Add(group.DisplayName);
                if (!string.IsNullOrWhiteSpace(group.Id)) groups.Add(group.Id);
            }
            if (page.OdataNextLink is not { Length: > 0 } next)
                break;
            page = await client.Users[userId].TransitiveMemberOf.GraphGroup.WithUrl(next)
                .GetAsync(r => r.Headers.Add("ConsistencyLevel", "eventual"), cancellationToken);
        }
        return new DirectoryUser(email, user.DisplayName ?? email, user.Department, user.JobTitle, groups);
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
