using System.Globalization;
using System.Text.RegularExpressions;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Timeline;

/// <summary>
/// A customer's timeline, newest first, with who, when, where and what. Only entries whose class the
/// audience may read are read at all (the filter is in the query), so a page is always full and the
/// <em>More</em> button continues exactly after the last entry shown: pages run by (time, id)
/// descending from the last entry's id, so entries sharing a time are neither repeated nor skipped.
/// </summary>
public sealed partial class TimelineCommand : ICommand
{
    public const int DefaultCount = 20;
    public const int MaxCount = 100;

    public CommandDescriptor Descriptor { get; } = new("timeline", null, "timeline <customer> [count] [before <entry>]",
        $"a customer's latest timeline entries, newest first ({DefaultCount} unless a count up to {MaxCount} is given); More shows older ones",
        ["timeline acme", "timeline C-1001 50"], [Permission.ReadCustomers]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadCustomers, "read customers");

    public bool Changes(CommandArgs args) => false;

    [GeneratedRegex(@"^[+-]?\d+$")]
    private static partial Regex Integer();

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "Which customer?");
        var end = args.Count;
        long? before = null;
        var beforeAt = args.IndexOf("before", 1);
        if (beforeAt > 0)
        {
            if (beforeAt != args.Count - 2 || !long.TryParse(args.Word(beforeAt + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) || cursor <= 0)
                return ReplyKit.Usage(Descriptor, "`before` takes the number of a timeline entry, as the More button sends it, and comes last.");
            before = cursor;
            end = beforeAt;
        }
        var count = DefaultCount;
        if (end >= 2 && args.At(end - 1) is { Kind: not TokenKind.Quoted } last && Integer().IsMatch(last.Text))
        {
            if (!int.TryParse(last.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count) || count < 1 || count > MaxCount)
                return ReplyKit.Usage(Descriptor, $"The count must be a whole number from 1 to {MaxCount}, not '{last.Text}'.");
            end--;
        }
        var countWord = count == DefaultCount ? "" : $" {count}";
        var lookup = await CustomerResolver.ResolveAsync(context, args.Rest(0, end), id => $"timeline {id}{countWord}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;

        var audience = context.ReplyAudience;
        var reads = audience.Reads;
        var query = context.Db.Timeline.AsNoTracking()
            .Where(t => t.CustomerId == customer.Id && (t.FieldClass & reads) == t.FieldClass);
        if (before is { } beforeId)
        {
            // The cursor is a position only: it need not be an entry this audience may read.
            var at = await context.Db.Timeline.Where(t => t.Id == beforeId && t.CustomerId == customer.Id)
                .Select(t => (DateTimeOffset?)t.At).FirstOrDefaultAsync(ct);
            if (at is not { } cursorAt)
                return ReplyKit.Problem($"{customer.HumanId} has no timeline entry {beforeId}; run `timeline {customer.HumanId}` for the latest.");
            query = query.Where(t => t.At < cursorAt || (t.At == cursorAt && t.Id < beforeId));
        }
        // One more than asked for says whether a More button is due, without counting the rest.
        var entries = await query.OrderByDescending(t => t.At).ThenByDescending(t => t.Id).Take(count + 1).ToListAsync(ct);
        var more = entries.Count > count;
        if (more) entries.RemoveAt(entries.Count - 1);

        var places = await ChannelPlaces.NamesAsync(context.Db, entries.Select(e => e.ChannelRef), ct);
        var redaction = Redactor.Account(audience);
        context.Audit(AuditAction.View, customer.HumanId, customer.Id,
            $"timeline ({entries.Count} entries{(before is null ? "" : $" before {before}")}) shown to {audience.Name}; hidden: " +
            (redaction.HiddenClasses.Count == 0 ? "nothing" : string.Join(", ", redaction.HiddenClasses)));
        return TimelineReply.Build(customer.Name, customer.HumanId, entries, places, more, count, before is not null, context.Times, redaction, context.Visibility);
    }
}
