using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.TryIt;

/// <summary>The page ("/", "/console/{asset}") and the JSON API it uses ("/console/api/…").</summary>
internal static class ConsoleEndpoints
{
    public static void Map(IEndpointRouteBuilder app, ConsoleMode mode, ConsoleAccessKey key)
    {
        var guard = new LoopbackGuard(mode);
        app.MapGet("/", (HttpContext http) => Entry(http, key)).AddEndpointFilter(guard).ExcludeFromDescription();
        var console = app.MapGroup("/console").AddEndpointFilter(guard).AddEndpointFilter(new ConsoleAccessGuard(key)).ExcludeFromDescription();
        console.MapGet("/{name}", (HttpContext http, string name) => ConsoleAssets.Serve(http, name));

        var api = console.MapGroup("/api");
        api.MapGet("/directory", DirectoryAsync);
        api.MapPost("/send", (ConsoleSend send, ConsoleCommands commands, CancellationToken ct) => commands.SendAsync(send, ct));
        api.MapPost("/click", (ConsoleClick click, ConsoleCommands commands, CancellationToken ct) => commands.ClickAsync(click, ct));
        api.MapGet("/timeline", ReadTimelineAsync);
        api.MapGet("/events", (ConsoleFeed feed, IHostApplicationLifetime lifetime, CancellationToken ct) =>
        {
            // End the stream when the host stops, so shutdown does not wait for open pages.
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, lifetime.ApplicationStopping);
            return TypedResults.ServerSentEvents(Notices(feed, stop), "delivered");
        });
    }

    /// <summary>
    /// The page. Opened with the start-up link, it trades the key for a cookie and sends the browser
    /// on to "/", so the key leaves the address bar and the history; without key or cookie it says
    /// where the link is.
    /// </summary>
    private static IResult Entry(HttpContext http, ConsoleAccessKey key)
    {
        if (http.Request.Query.TryGetValue(ConsoleAccessKey.QueryName, out var given))
        {
            if (!key.Matches(given.ToString()))
                return ConsoleAccessGuard.Refused("That key is not this start's key (the host makes a new one at every start). ");
            http.Response.Cookies.Append(ConsoleAccessKey.CookieName(http.Request.Host.Port), key.Value, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                Path = "/",
                IsEssential = true,
            });
            http.Response.Headers.CacheControl = "no-store";
            http.Response.Headers["Referrer-Policy"] = "no-referrer";
            return Results.Redirect("/", permanent: false, preserveMethod: false);
        }
        return ConsoleAccessGuard.HasKey(http, key) ? ConsoleAssets.Serve(http, "index.html") : ConsoleAccessGuard.Refused();
    }

    private static async IAsyncEnumerable<object> Notices(ConsoleFeed feed, CancellationTokenSource stop)
    {
        using var _ = stop;
        await foreach (var d in feed.ListenAsync(stop.Token).WithCancellation(stop.Token).ConfigureAwait(false))
            yield return new { platform = d.Platform.ToString().ToLowerInvariant(), target = d.TargetKind.ToString().ToLowerInvariant(), recipient = d.Recipient };
    }

    private static async Task<IResult> ReadTimelineAsync(string? user, string? platform, string? channel,
        ConsoleTimeline timelines, ConsoleMessages messages, CancellationToken ct)
    {
        var session = ConsoleSession.TryResolve(new ConsoleActor(user, platform, channel), out var problem);
        if (session is null)
            return Results.Problem(statusCode: 400, title: "That did not work.", detail: problem);
        var workspace = ConsoleSession.WorkspaceOf(session.Platform);
        var timeline = session.Channel is { } c
            ? await timelines.ReadAsync(session.Platform, workspace, OutboxTargetKind.Channel, c.ExternalId, ct)
            : await timelines.ReadAsync(session.Platform, workspace, OutboxTargetKind.User, session.UserId, ct);
        return Results.Ok(new
        {
            items = timeline.Items.Select(i => i.Author is { } author
                ? (object)new { i.Id, i.Purpose, i.At, author = author.DisplayName, authorEmail = author.Email, text = i.Reply.FallbackText }
                : new { i.Id, i.Purpose, i.At, i.EditedAt, message = messages.Present(i.Reply, session.Platform) }),
            timeline.Waiting,
        });
    }

    private static async Task<IResult> DirectoryAsync(ConsoleMode mode, CommandCatalog catalog, CrmDbContext db, CancellationToken ct)
    {
        // Bindings live in the database: an admin may have bound or rebound a demo channel since it was seeded.
        var known = await db.Channels.AsNoTracking()
            .Where(c => c.Platform == Platform.Slack || c.Platform == Platform.Teams)
            .Select(c => new { c.Platform, c.Workspace, c.ExternalId, c.Department })
            .ToListAsync(ct);
        Department? BindingOf(DemoChannel c) =>
            known.FirstOrDefault(k => k.Platform == c.Platform && k.Workspace == c.Workspace && k.ExternalId == c.ExternalId) is { } k
                ? k.Department : c.Department;
        return Results.Ok(Directory(mode, catalog, BindingOf));
    }

    private static object Directory(ConsoleMode mode, CommandCatalog catalog, Func<DemoChannel, Department?> bindingOf) => new
    {
        users = DemoDirectory.Users.Select(u => new
        {
            u.Email, name = u.DisplayName, department = u.Department.ToString(), role = u.Role.Name(), u.Region,
            reads = FieldClasses.Visible(RolePolicy.ReadableBy(u.Role)),
        }),
        platforms = new[] { Platform.Slack, Platform.Teams }.Select(p => new
        {
            id = p.ToString().ToLowerInvariant(),
            name = p.ToString(),
            workspace = ConsoleSession.WorkspaceOf(p),
            standIn = mode.StandsInFor(p),
            channels = DemoDirectory.Channels.Where(c => c.Platform == p).Select(c => (Channel: c, Department: bindingOf(c))).Select(c => new
            {
                id = c.Channel.ExternalId, c.Channel.Name, department = c.Department?.ToString(),
                clearedAs = c.Department is { } d ? RolePolicy.BaseRole(d).Name() : null,
                clearance = FieldClasses.Visible(Audience.ChannelClearance(c.Department)),
            }),
        }),
        fieldClasses = FieldClasses.Named.Select(c => c.Name()),
        // From the command catalog, so completion offers exactly the verbs the bot knows.
        verbs = catalog.All.GroupBy(c => c.Descriptor.Verb).Select(g => new
        {
            verb = g.Key,
            example = g.SelectMany(c => c.Descriptor.Examples).FirstOrDefault() ?? g.Key,
            summary = g.First().Descriptor.Summary,
        }),
    };
}
