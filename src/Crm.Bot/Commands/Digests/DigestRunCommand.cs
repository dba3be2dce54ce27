using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;

namespace Crm.Bot.Commands.Digests;

/// <param name="scheduler">Absent where no job storage is configured: the digest is stored and scheduled later.</param>
public sealed class DigestRunCommand(IDigestScheduler? scheduler = null) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("digest", "run", "digest run <id>", "run a digest now, into its channel",
        ["digest run 3"], [Permission.ManageDigests]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ManageDigests, "manage digests");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var (digest, problem) = await DigestTarget.FindAsync(context, args, Descriptor, ct);
        if (digest is null) return problem!;
        if (scheduler is null)
            return ReplyKit.Problem($"Digest {digest.Id} is stored, but scheduling is not running on this host, so it cannot run now. " +
                                    "Start a host with jobs enabled, or see the report yourself with `report " + digest.Kind.Name() + "`.");
        var job = await scheduler.RunNowAsync(digest.Id, ct);
        context.Audit(AuditAction.Change, $"digest {digest.Id}", detail: $"run now (job {job})");
        return ReplyKit.Done($"Digest {digest.Id} ({digest.Kind.Title()}) is running now; it will appear in #{digest.Channel!.Name}.");
    }
}
