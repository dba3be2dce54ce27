using Crm.Domain.Access;
using Crm.Domain.Common;
using Crm.Domain.Channels;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Domain.Outbox;

/// <summary>
/// What leaves is checked when it leaves: a message stored for a channel was cut to the channel's
/// clearance when it was rendered, but the channel may have been re-bound (or unbound) since, and a
/// failed message may be retried days later. Before a channel message is sent, the field classes it
/// may show are compared with the channel's clearance now; a message that shows more is not sent.
/// </summary>
public static class OutboxClearanceGate
{
    /// <summary>The classes every channel may read, whatever it is bound to (or not).</summary>
    public static readonly FieldClass EveryChannelReads =
        Enum.GetValues<Department>().Aggregate(Audience.ChannelClearance(null), (all, d) => all & Audience.ChannelClearance(d));

    public static async Task<ClearanceCheck> CheckAsync(CrmDbContext db, OutboxMessage message, Reply reply, CancellationToken ct)
    {
        if (message.TargetKind != OutboxTargetKind.Channel) return ClearanceCheck.Allowed;
        var shows = Shows(reply);
        // What every channel may read (an unbound channel reads basic; every department's base role reads at
        // least that) needs no look at the channel: no binding can make it too much.
        if (EveryChannelReads.CanRead(shows)) return ClearanceCheck.Allowed;

        var channel = message.ChannelId is { } id
            ? await db.Channels.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct)
            : await db.Channels.AsNoTracking().FirstOrDefaultAsync(c =>
                c.Platform == message.Platform && c.Workspace == message.Workspace && c.ExternalId == message.Recipient, ct);
        // A channel the CRM does not know (any more) is unbound: basic fields only.
        var now = Audience.ChannelClearance(channel?.Department);
        if (now.CanRead(shows)) return ClearanceCheck.Allowed;
        var beyond = FieldClasses.Named.Where(c => shows.CanRead(c) && !now.CanRead(c)).Select(FieldClasses.Name).ToList();
        var where = channel is null ? "the channel is no longer known" : channel.Department is { } d ? $"the channel is now bound to {d}" : "the channel is now bound to no department";
        return new ClearanceCheck(false, $"Withheld: it shows {string.Join(", ", beyond)} data, and {where} (clearance: {Describe(now)}).");
    }

    /// <summary>
    /// The field classes a stored reply may show: the clearance recorded when it was rendered; for a
    /// reply stored without one, the classes its redaction note says were visible; otherwise basic.
    /// </summary>
    public static FieldClass Shows(Reply reply)
    {
        if (reply.RenderedClearance is { } recorded) return recorded;
        if (reply.Redaction is { } redaction)
            return redaction.VisibleClasses.Aggregate(FieldClass.None, (all, name) => all | Parse(name));
        return FieldClass.Basic;
    }

    private static FieldClass Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "basic" => FieldClass.Basic,
        "contact" => FieldClass.Contact,
        "commercial" => FieldClass.Commercial,
        "support summary" => FieldClass.SupportSummary,
        "support" => FieldClass.Support,
        "financial summary" => FieldClass.FinancialSummary,
        "financial" => FieldClass.Financial,
        "aggregates" or "segment-level aggregates" => FieldClass.Aggregates,
        // A class this version does not know: assume the most, so nothing unknown slips out.
        _ => FieldClass.All,
    };

    private static string Describe(FieldClass classes) =>
        FieldClasses.Visible(classes) is { Count: > 0 } names ? string.Join(", ", names) : "nothing";
}
