using Crm.Domain.Timeline;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Bot.Pipeline;

/// <summary>Everything a command needs about one request: who, where, the unit of work and the clock.</summary>
public sealed class CommandContext(
    ChatRequest request,
    Principal principal,
    ChatChannel? channel,
    CrmDbContext db,
    TimeProvider clock,
    PlatformDirectories directories,
    TimeDisplay defaultTimes,
    CommandCatalog catalog)
{
    public ChatRequest Request { get; } = request;
    public Principal Principal { get; } = principal;
    /// <summary>The channel the request came from (null in a private chat).</summary>
    public ChatChannel? Channel { get; } = channel;
    public CrmDbContext Db { get; } = db;
    public TimeProvider Clock { get; } = clock;
    /// <summary>Who people are on each platform (mentions, task ownership).</summary>
    public PlatformDirectories Directories { get; } = directories;
    public CommandCatalog Catalog { get; } = catalog;

    public DateTimeOffset Now { get; } = clock.GetUtcNow();

    /// <summary>The configured zone of people and channels that have none of their own.</summary>
    public TimeDisplay DefaultTimes { get; } = defaultTimes;

    /// <summary>The asker's own zone (the configured default when their profile has none): what typed dates mean.</summary>
    public TimeZoneInfo TimeZone => PrivateTimes.Zone;

    /// <summary>How an answer only the asker sees shows times: in their own zone.</summary>
    public TimeDisplay PrivateTimes => _private ??= TimeDisplay.For(Principal.TimeZone, DefaultTimes);

    private TimeDisplay? _private;

    /// <summary>
    /// How the direct answer shows times: in the asker's zone when only they see it, in the channel's
    /// (or the configured default) when it is posted there. Either way each time names its zone.
    /// </summary>
    public TimeDisplay Times => PostsIntoChannel ? ChannelTimes(Channel!) : PrivateTimes;

    /// <summary>How a post into <paramref name="target"/> shows times.</summary>
    public TimeDisplay ChannelTimes(ChatChannel target) => TimeDisplay.For(target.TimeZone, DefaultTimes);

    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Now, TimeZone).DateTime);

    public string Actor => Principal.AuditName(Request.UserId);

    public string ActorEmail => Principal.Email ?? throw new InvalidOperationException("A command that needs a role ran without a resolved e-mail.");

    public AuditScope AuditScope => new(Actor, Request.Platform, Request.Workspace, Channel?.Ref ?? Request.ChannelRef, Request.Text);

    /// <summary>Whether the direct answer is posted into the channel (and so cut to its clearance).</summary>
    public bool PostsIntoChannel => Request.Visibility == ReplyVisibility.Channel && Channel is not null;

    public Audience PrivateAudience => Audience.Private(Principal);

    public Audience ChannelAudience(ChatChannel target, Principal? poster) =>
        Audience.Channel(target.Name.Length > 0 ? target.Name : target.ExternalId, target.Department, poster);

    /// <summary>The audience of the direct answer.</summary>
    public Audience ReplyAudience => PostsIntoChannel ? ChannelAudience(Channel!, Principal) : PrivateAudience;

    public ReplyVisibility Visibility => PostsIntoChannel ? ReplyVisibility.Channel : ReplyVisibility.Private;

    public AuditRecord Audit(AuditAction action, string? recordRef = null, long? customerId = null, string? detail = null,
        AuditOutcome outcome = AuditOutcome.Allowed) =>
        AuditTrail.Add(Db, AuditScope, action, outcome, Now, recordRef, customerId, detail);

    /// <summary>
    /// Adds a timeline entry about <paramref name="customerId"/> by this request's actor, from its platform and
    /// channel, now; <paramref name="about"/> is the field class an audience must read to see it.
    /// </summary>
    public TimelineEntry Timeline(long customerId, TimelineKind kind, FieldClass about, string text, string? recordRef = null)
    {
        var entry = new TimelineEntry(customerId, kind, about, text, ActorEmail, Request.Platform, Channel?.Ref, recordRef, Now);
        Db.Timeline.Add(entry);
        return entry;
    }
}
