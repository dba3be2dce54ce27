using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Crm.Testing.Teams;

/// <summary>
/// Stands in for Microsoft Graph v1.0: <c>users/{id}</c> with $select and
/// <c>users/{id}/mailboxSettings</c> (timeZone), <c>users/{id}/transitiveMemberOf/microsoft.graph.group</c> in pages with @odata.nextLink. Checks the
/// bearer token (Graph scope) and the ConsistencyLevel header the cast needs; can throttle (429 with
/// Retry-After) or fail like an outage.
/// </summary>
public sealed class FakeGraph : LoopbackServer
{
    public const string Scope = "https://graph.microsoft.com/.default";

    private readonly FakeEntraTokenEndpoint _tokens;
    private readonly ConcurrentDictionary<string, GraphUser> _users = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<GraphRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _groups = new(StringComparer.OrdinalIgnoreCase);
    private int _throttle;

    /// <param name="MailboxTimeZone">What <c>users/{id}/mailboxSettings</c> reports as timeZone (Windows names, as Outlook keeps them); null: the user has no mailbox (Graph answers 404).</param>
    public sealed record GraphUser(string Id, string DisplayName, string? Mail, string? UserPrincipalName, string? Department, string? JobTitle,
        IReadOnlyList<(string Id, string Name)> Groups, string? MailboxTimeZone = null);

    public sealed record GraphRequest(string PathAndQuery, string? Token, string? ConsistencyLevel, int AnsweredWith);

    private FakeGraph(FakeEntraTokenEndpoint tokens) => _tokens = tokens;

    public string ApiBaseUrl => $"{BaseUrl}/v1.0";
    public IReadOnlyList<GraphRequest> Requests => _requests.ToList();
    /// <summary>While true every call fails with 503 and no Retry-After, like an outage.</summary>
    public bool Down { get; set; }
    public int ThrottleRetryAfterSeconds { get; set; } = 1;
    public int PageSize { get; set; } = 100;

    public static async Task<FakeGraph> StartNewAsync(FakeEntraTokenEndpoint tokens)
    {
        var fake = new FakeGraph(tokens);
        await fake.StartAsync();
        return fake;
    }

    public void AddUser(GraphUser user) => _users[user.Id] = user;

    /// <summary>The people of the demo directory, as Entra ID lists them (department, role as job title, no groups).</summary>
    /// <param name="mailboxTimeZone">Every mailbox's time zone (a Windows name); null: no mailboxes.</param>
    public void AddDemoDirectory(string? mailboxTimeZone = null)
    {
        foreach (var user in Crm.Domain.Demo.DemoDirectory.Users)
            AddUser(new GraphUser(user.TeamsObjectId, user.DisplayName, user.Email, user.Email, user.Department.ToString(), user.Role.ToString(), [],
                mailboxTimeZone));
    }

    /// <summary>A group of the tenant, found by <c>groups?$filter=displayName eq '…'</c> and <c>groups/{id}</c>.</summary>
    public void AddGroup(string id, string displayName) => _groups[id] = displayName;

    /// <summary>The next <paramref name="count"/> calls get 429 with <see cref="ThrottleRetryAfterSeconds"/>.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttle, count);

    protected override void Map(WebApplication app)
    {
        app.MapGet("/v1.0/users/{id}", (HttpRequest r, string id) => Answer(r, () => User(id)));
        app.MapGet("/v1.0/users/{id}/mailboxSettings", (HttpRequest r, string id) => Answer(r, () => MailboxSettings(id)));
        // Graph accepts the cast both as microsoft.graph.group and as graph.group (what the SDK sends).
        app.MapGet("/v1.0/users/{id}/transitiveMemberOf/{cast}", (HttpRequest r, string id, string cast) =>
            cast is "microsoft.graph.group" or "graph.group"
                ? Answer(r, () => Groups(r, id))
                : Error(400, "Request_BadRequest", $"Unsupported cast '{cast}'."));
        app.MapGet("/v1.0/groups", (HttpRequest r) => Answer(r, () => FindGroups(r)));
        app.MapGet("/v1.0/groups/{id}", (HttpRequest r, string id) => Answer(r, () =>
            _groups.TryGetValue(id, out var name)
                ? Results.Json(new Dictionary<string, object> { ["id"] = id, ["displayName"] = name })
                : Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.")));
    }

    /// <summary>Only the filter the bot uses: <c>displayName eq 'name'</c> (quotes doubled inside), compared ignoring case as Graph does.</summary>
    private IResult FindGroups(HttpRequest request)
    {
        var filter = request.Query["$filter"].ToString();
        var match = System.Text.RegularExpressions.Regex.Match(filter, "^displayName eq '(?<name>(?:[^']|'')*)'$");
        if (!match.Success)
            return Error(400, "Request_UnsupportedQuery", $"Unsupported filter '{filter}'.");
        var name = match.Groups["name"].Value.Replace("''", "'");
        var found = _groups.Where(g => string.Equals(g.Value, name, StringComparison.OrdinalIgnoreCase))
            .Select(g => new Dictionary<string, object> { ["id"] = g.Key, ["displayName"] = g.Value }).ToList();
        return Results.Json(new Dictionary<string, object> { ["@odata.context"] = $"{ApiBaseUrl}/$metadata#groups(id,displayName)", ["value"] = found });
    }

    private IResult Answer(HttpRequest request, Func<IResult> ok)
    {
        var header = request.Headers.Authorization.ToString();
        var token = header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
        var (status, result) = !_tokens.Issued(token, Scope)
            ? (401, Error(401, "InvalidAuthenticationToken", "Access token is empty or invalid."))
            : Down
                ? (503, Error(503, "serviceNotAvailable", "Service unavailable."))
                : Interlocked.Decrement(ref _throttle) >= 0
                    ? (429, Throttled(request))
                    : (0, null);
        if (status == 0)
        {
            result = ok();
            status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        }
        _requests.Enqueue(new GraphRequest(request.Path + request.QueryString, token, request.Headers["ConsistencyLevel"].ToString(), status));
        return result!;
    }

    private IResult Throttled(HttpRequest request)
    {
        request.HttpContext.Response.Headers.RetryAfter = ThrottleRetryAfterSeconds.ToString();
        return Error(429, "TooManyRequests", "Too many requests.");
    }

    private IResult User(string id) =>
        _users.TryGetValue(id, out var u)
            ? Results.Json(new Dictionary<string, object?>
            {
                ["@odata.context"] = $"{ApiBaseUrl}/$metadata#users(id,displayName,mail,userPrincipalName,department,jobTitle)/$entity",
                ["id"] = u.Id, ["displayName"] = u.DisplayName, ["mail"] = u.Mail, ["userPrincipalName"] = u.UserPrincipalName,
                ["department"] = u.Department, ["jobTitle"] = u.JobTitle,
            })
            : Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");

    private IResult MailboxSettings(string id) =>
        !_users.TryGetValue(id, out var u)
            ? Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.")
            : u.MailboxTimeZone is null
                ? Error(404, "MailboxNotEnabledForRESTAPI", "The mailbox is either inactive, soft-deleted, or is hosted on-premise.")
                : Results.Json(new Dictionary<string, object?>
                {
                    ["@odata.context"] = $"{ApiBaseUrl}/$metadata#users('{id}')/mailboxSettings(timeZone)",
                    ["timeZone"] = u.MailboxTimeZone,
                });

    private IResult Groups(HttpRequest request, string id)
    {
        if (!_users.TryGetValue(id, out var u))
            return Error(404, "Request_ResourceNotFound", $"Resource '{id}' does not exist.");
        if (request.Headers["ConsistencyLevel"] != "eventual")
            return Error(400, "Request_BadRequest", "The cast to microsoft.graph.group needs ConsistencyLevel: eventual.");
        var top = int.TryParse(request.Query["$top"], out var t) ? Math.Min(t, 999) : PageSize;
        var skip = int.TryParse(request.Query["$skiptoken"], out var s) ? s : 0;
        var page = u.Groups.Skip(skip).Take(top).Select(g => new Dictionary<string, object> { ["@odata.type"] = "#microsoft.graph.group", ["id"] = g.Id, ["displayName"] = g.Name }).ToList();
        var body = new Dictionary<string, object> { ["@odata.context"] = $"{ApiBaseUrl}/$metadata#groups(id,displayName)", ["value"] = page };
        if (skip + top < u.Groups.Count)
            body["@odata.nextLink"] = $"{ApiBaseUrl}/users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$top={top}&$skiptoken={skip + top}";
        return Results.Json(body);
    }

    private static IResult Error(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
