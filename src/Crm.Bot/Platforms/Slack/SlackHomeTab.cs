using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Handoffs;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Publishes a person's App Home: the customers they follow, their open tasks and the handoffs waiting.</summary>
internal sealed class SlackHomeTab(SlackDirectory directory, CrmDbContext db, SlackApiClient api, BlockKitRenderer renderer, TimeProvider time,
    IOptions<TimeDisplayOptions> display)
{
    private const int MaxRows = 20;
    private const int MaxHomeBlocks = 100;

    public async Task PublishAsync(string team, string userId, CancellationToken cancellationToken)
    {
        var reply = await BuildAsync(team, userId, cancellationToken);
        var blocks = new JsonArray();
        foreach (var block in renderer.Render(reply).SelectMany(m => m.Blocks).Take(MaxHomeBlocks))
            blocks.Add(block!.DeepClone());
        await api.PublishHomeAsync(team, userId, new JsonObject { ["type"] = "home", ["blocks"] = blocks }, cancellationToken);
    }

    internal async Task<Reply> BuildAsync(string team, string userId, CancellationToken cancellationToken)
    {
        var lookup = await directory.LookupAsync(team, userId, cancellationToken);
        if (lookup.User is not { } user)
            return Reply.Text($"The CRM cannot tell who you are: {lookup.Problem}", ReplyTone.Warning);

        var email = user.Email;
        // The same rules, resolved the same way, as the command pipeline uses.
        var rules = await db.RoleMappings.AsNoTracking().ToListAsync(cancellationToken);
        if (RoleResolver.Resolve(user, rules) is not { Role: { } role })
            return Reply.Text($"You are {email}, but no CRM role is mapped to you yet, so you can run only help and whoami. Ask a CRM admin to map you.", ReplyTone.Warning);

        var allFollowed = db.Follows.AsNoTracking().Where(f => f.CreatedBy == email)
            .Select(f => new { f.Customer!.Number, f.Customer.Name, f.Customer.Lifecycle }).Distinct();
        var followed = await allFollowed.OrderBy(c => c.Name).Take(MaxRows).ToListAsync(cancellationToken);
        var allTasks = db.Tasks.AsNoTracking().Where(t => t.AssigneeEmail == email && !t.Done);
        var tasks = await allTasks.OrderBy(t => t.DueAt).Take(MaxRows).ToListAsync(cancellationToken);
        var department = SlackRoleDepartments.Of(role);
        var allHandoffs = db.Handoffs.AsNoTracking()
            .Where(h => h.State == HandoffState.Offered && (h.ToDepartment == department || h.OfferedBy == email));
        var handoffs = await allHandoffs.OrderBy(h => h.OfferedAt).Take(MaxRows).ToListAsync(cancellationToken);
        // A full list is counted, so the tab says how many it leaves out.
        var moreFollowed = followed.Count < MaxRows ? 0 : await allFollowed.CountAsync(cancellationToken) - followed.Count;
        var moreTasks = tasks.Count < MaxRows ? 0 : await allTasks.CountAsync(cancellationToken) - tasks.Count;
        var moreHandoffs = handoffs.Count < MaxRows ? 0 : await allHandoffs.CountAsync(cancellationToken) - handoffs.Count;
        var customerIds = tasks.Select(t => t.CustomerId).Concat(handoffs.Select(h => h.CustomerId)).Distinct().ToList();
        var names = await db.Customers.AsNoTracking().Where(c => customerIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => c.Name, cancellationToken);

        var now = time.GetUtcNow();
        // Only this person sees their Home tab: their own zone (or the configured default), named.
        var times = TimeDisplay.For(user.TimeZone, display.Value.Default);
        List<ReplyBlock> blocks =
        [
            new HeadingBlock($"CRM for {user.DisplayName}"),
            new ContextBlock($"{email} · {department} · updated {times.Moment(now)}"),
            new TableBlock("Customers you follow", ["Customer", "Name", "Stage"],
                followed.Select(c => (IReadOnlyList<string>)[$"C-{c.Number}", c.Name, c.Lifecycle.ToString().ToLowerInvariant()]).ToList(), moreFollowed),
            new TableBlock("Your open tasks", ["Task", "Customer", "Due", "What"],
                tasks.Select(t => (IReadOnlyList<string>)[t.HumanId, names.GetValueOrDefault(t.CustomerId, "?"), Due(t.DueAt, now, times), t.Text]).ToList(), moreTasks),
            new TableBlock("Handoffs waiting", ["Handoff", "Customer", "From → to", "Note"],
                handoffs.Select(h => (IReadOnlyList<string>)[h.HumanId, names.GetValueOrDefault(h.CustomerId, "?"), $"{h.FromDepartment} → {h.ToDepartment}", h.Note ?? ""]).ToList(), moreHandoffs),
            new ContextBlock("Type /crm help in any channel for what you can do."),
        ];
        return new Reply { FallbackText = $"CRM for {user.DisplayName}", Blocks = blocks };
    }

    private static string Due(DateTimeOffset due, DateTimeOffset now, TimeDisplay times) =>
        (due < now ? "overdue since " : "") + times.Moment(due);
}
