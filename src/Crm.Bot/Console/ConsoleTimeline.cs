using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.TryIt;

/// <summary>One message delivered into a channel or a private chat, as its latest version shows it.</summary>
public sealed record TimelineItem(long Id, string Purpose, DateTimeOffset At, DateTimeOffset? EditedAt, Reply Reply)
{
    /// <summary>The demo user who posted it, for a person's own line posted into a channel; null for the bot's messages.</summary>
    public Domain.Demo.DemoUser? Author { get; init; }
}

/// <summary>What was delivered to one place, oldest first, plus how many messages still wait in the outbox.</summary>
public sealed record Timeline(IReadOnlyList<TimelineItem> Items, int Waiting);

/// <summary>
/// Reads a console timeline from the outbox: the sent messages to a channel (or to one person),
/// each shown in its latest version — a message that replaced an earlier one (a handoff card after
/// Accept) takes the earlier one's place, as chat.update and an activity update do. A channel's
/// timeline also holds what people posted there and the answers posted for the channel
/// (<see cref="ConsoleChannelPosts"/>), so it reads the same after a reload or a restart.
/// </summary>
public sealed class ConsoleTimeline(CrmDbContext db)
{
    private const int Limit = 200;

    public async Task<Timeline> ReadAsync(Platform platform, string workspace, OutboxTargetKind kind, string recipient, CancellationToken cancellationToken)
    {
        var rows = await db.Outbox.AsNoTracking()
            .Where(o => o.Platform == platform && o.Workspace == workspace && o.TargetKind == kind && o.Recipient == recipient)
            .OrderByDescending(o => o.Id)
            .Take(Limit)
            .ToListAsync(cancellationToken);
        var sent = rows.Where(o => o.Status == OutboxStatus.Sent).OrderBy(o => o.Id).ToList();
        var latest = new Dictionary<long, OutboxMessage>();
        foreach (var row in sent)
            latest[Original(row, sent)] = row;
        var items = latest
            .OrderBy(p => p.Key)
            .Select(p =>
            {
                var first = sent.FirstOrDefault(o => o.Id == p.Key) ?? p.Value;
                var last = p.Value;
                return new TimelineItem(first.Id, first.Purpose, first.SentAt ?? first.CreatedAt,
                    last.Id == first.Id ? null : last.SentAt ?? last.CreatedAt, Reply.FromJson(last.ReplyJson))
                {
                    Author = ConsoleChannelPosts.AuthorOf(first),
                };
            })
            .ToList();
        return new Timeline(items, rows.Count(o => o.Status == OutboxStatus.Pending));
    }

    // Follows the replacement chain back to the first message, whose place in the timeline it keeps.
    private static long Original(OutboxMessage row, IReadOnlyList<OutboxMessage> sent)
    {
        var current = row;
        for (var hops = 0; hops < 50 && current.ReplacesMessageId is { } earlier; hops++)
        {
            var previous = sent.FirstOrDefault(o => o.Id == earlier);
            if (previous is null) return earlier;
            current = previous;
        }
        return current.Id;
    }
}
