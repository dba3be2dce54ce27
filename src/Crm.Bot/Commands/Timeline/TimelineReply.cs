using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;

namespace Crm.Bot.Commands.Timeline;

/// <summary>Renders one page of a timeline (entries already cut to the audience) as a neutral reply.</summary>
public static class TimelineReply
{
    /// <param name="places">Channel reference → channel name, for the entries written in a known channel.</param>
    /// <param name="more">Whether older entries this audience may read exist beyond this page.</param>
    /// <param name="older">Whether this page continues an earlier one (a More click).</param>
    public static Reply Build(string customerName, string customerId, IReadOnlyList<TimelineEntry> entries, IReadOnlyDictionary<string, string> places,
        bool more, int count, bool older, TimeDisplay times, Redaction redaction, ReplyVisibility visibility)
    {
        var title = $"Timeline of {customerName} ({customerId})" + (older ? ", older entries" : "");
        var blocks = new List<ReplyBlock> { new HeadingBlock(title) };
        if (entries.Count == 0)
        {
            blocks.Add(new TextBlock(older ? "No older entries." : "Nothing on the timeline yet that this audience may see."));
        }
        else
        {
            blocks.Add(new TableBlock(null, ["When", "Who", "Where", "What"],
                entries.Select(e => (IReadOnlyList<string>)[times.Moment(e.At), e.ActorEmail, Where(e, places), e.Text]).ToList()));
        }
        if (redaction.Footer() is { } footer)
            blocks.Add(new ContextBlock(footer));
        if (more)
            blocks.Add(new ActionsBlock([new ReplyButton("More", $"timeline {customerId} {count} before {entries[^1].Id}")]));

        var lines = entries.Select(e => $"{times.Moment(e.At)} {e.ActorEmail} ({Where(e, places)}): {e.Text}");
        var fallback = entries.Count == 0
            ? $"{title}: nothing to show."
            : $"{title}: {string.Join(" · ", lines)}" + (more ? " · older entries: More" : "");
        return new Reply { Visibility = visibility, FallbackText = fallback, Blocks = blocks, Redaction = redaction };
    }

    /// <summary>"slack #sales", "teams, private chat": the platform and the channel the entry was written in.</summary>
    public static string Where(TimelineEntry entry, IReadOnlyDictionary<string, string> places)
    {
        var platform = entry.Platform.ToString().ToLowerInvariant();
        if (entry.ChannelRef is null) return platform + ", private";
        return places.TryGetValue(entry.ChannelRef, out var name) ? $"{platform} {name}" : $"{platform} {entry.ChannelRef}";
    }
}
