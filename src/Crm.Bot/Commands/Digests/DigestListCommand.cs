using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Digests;

/// <summary>The digests of this channel (in a private chat: the digests you created).</summary>
public sealed class DigestListCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("digest", "list", "digest list", "the digests of this channel",
        ["digest list"], [Permission.RunReports]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.RunReports, "list digests");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var query = context.Db.Digests.AsNoTracking().Include(d => d.Channel).AsQueryable();
        query = context.Channel is { } channel ? query.Where(d => d.ChannelId == channel.Id) : query.Where(d => d.CreatedBy == context.ActorEmail);
        var digests = await query.OrderBy(d => d.Id).ToListAsync(ct);
        var where = context.Channel is { } c ? $"#{c.Name}" : "you created";
        if (digests.Count == 0)
            return Reply.Text(context.Channel is null ? "You have created no digests." : $"{where} has no digests. Add one with `digest add pipeline weekly mon 09:00`.");
        return new Reply
        {
            FallbackText = $"{digests.Count} digest(s) {(context.Channel is null ? "you created" : "in " + where)}.",
            Blocks =
            [
                new HeadingBlock($"Digests {(context.Channel is null ? "you created" : "of " + where)}"),
                new TableBlock(null, ["Id", "Report", "Schedule", "Filters", "Channel", "By"],
                    digests.Select(d => (IReadOnlyList<string>)[d.Id.ToString(), d.Kind.Name(), Describe(d), Filters(d), d.Channel?.Name ?? "", d.CreatedBy]).ToList()),
            ],
        };
    }

    /// <summary>The stored filter as it would be typed again ("region EMEA owner max@example.com"), or "none".</summary>
    private static string Filters(DigestSubscription d) => ReportFilter.FromJson(d.Filters) is { IsEmpty: false } f ? f.ToWords() : "none";

    private static string Describe(DigestSubscription d) =>
        DigestSchedule.TryParse(d.Cron, d.TimeZone, out var schedule, out _) ? $"{d.Schedule} — {schedule.Description}" : d.Schedule;
}
