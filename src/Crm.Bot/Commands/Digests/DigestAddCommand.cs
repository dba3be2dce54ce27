using Crm.Bot.Commands.Reports;
using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;

namespace Crm.Bot.Commands.Digests;

/// <summary>A scheduled report for this channel, validated and stored; the job scheduler picks it up when it runs on this host.</summary>
/// <param name="scheduler">Absent where no job storage is configured: the digest is stored and scheduled later.</param>
public sealed class DigestAddCommand(IDigestScheduler? scheduler = null) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("digest", "add", "digest add <kind> <schedule> [time zone] [filters]",
        "schedule a report for this channel", ["digest add pipeline weekly mon 09:00 Europe/Berlin", "digest add pipeline weekly mon 09:00 Europe/Berlin region EMEA", "digest add overdue daily 08:00"],
        [Permission.ManageDigests]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ManageDigests, "manage digests");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor, $"Which report ({ReportKinds.AllNames}) and when?");
        if (context.Channel is not { } channel)
            return ReplyKit.Problem("A digest belongs to a channel; run `digest add` in the channel that should get it.");
        if (!ReportKinds.TryParse(args.Word(0), out var kind))
            return ReplyKit.Usage(Descriptor, $"'{args.Word(0)}' is not a report; reports are {ReportKinds.AllNames}.");
        var decision = DigestPolicy.CanManage(context.Principal, kind, channel.Department, channel.Name);
        if (!decision.Allowed)
        {
            context.Audit(AuditAction.Denial, detail: decision.Reason, outcome: AuditOutcome.Denied);
            return ReplyKit.Denied(decision.Reason!);
        }

        // The schedule (and its zone) ends where the first filter word starts: no schedule word is a filter word.
        var filterAt = Enumerable.Range(1, args.Count - 1).FirstOrDefault(i => ReportFilterParser.IsFilterWord(args.At(i)!), args.Count);
        var (filter, filterProblem) = await ReportFilterParser.ParseAsync(context, args.Slice(filterAt), ct);
        if (filter is null) return ReplyKit.Usage(Descriptor, filterProblem);
        var (text, zone) = DigestSchedule.SplitTimeZone(args.Rest(1, filterAt));
        if (!DigestSchedule.TryParse(text, zone ?? channel.TimeZone ?? context.Principal.TimeZone, out var schedule, out var error))
            return ReplyKit.Usage(Descriptor, error);
        var subscription = new DigestSubscription
        {
            ChannelId = channel.Id, Kind = kind, Schedule = schedule.Text, Cron = schedule.Cron, TimeZone = schedule.TimeZoneId,
            CreatedBy = context.ActorEmail, CreatedAt = context.Now, Filters = filter.ToJson(),
        };
        context.Db.Digests.Add(subscription);
        await context.Db.SaveChangesAsync(ct);
        if (scheduler is not null)
            await scheduler.ScheduleAsync(subscription, ct);
        var filtered = filter.IsEmpty ? "" : $", filtered: {filter.Describe(kind)}";
        context.Audit(AuditAction.Change, $"digest {subscription.Id}", detail: $"{kind.Name()} digest {schedule.Description} for #{channel.Name}{filtered}");
        var next = schedule.NextOccurrence(context.Now);
        var running = scheduler is null ? " Scheduling is not running on this host; the digest is stored and will run once a host with jobs starts." : "";
        return ReplyKit.Done($"Digest {subscription.Id}: {kind.Title()} for #{channel.Name}, {schedule.Description}{filtered}." +
                             (next is { } n ? $" Next: {new TimeDisplay(schedule.TimeZone).Moment(n)}." : "") + running,
            new ReplyButton("Remove", $"digest remove {subscription.Id}", ButtonStyle.Danger));
    }
}
