using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Crm.Domain.Reports;

namespace Crm.Bot.Commands.Digests;

/// <param name="scheduler">Absent where no job storage is configured: the digest is stored and scheduled later.</param>
public sealed class DigestRemoveCommand(IDigestScheduler? scheduler = null) : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("digest", "remove", "digest remove <id>", "stop a digest",
        ["digest remove 3"], [Permission.ManageDigests]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ManageDigests, "manage digests");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var (digest, problem) = await DigestTarget.FindAsync(context, args, Descriptor, ct);
        if (digest is null) return problem!;
        context.Db.Digests.Remove(digest);
        if (scheduler is not null)
            await scheduler.UnscheduleAsync(digest.Id, ct);
        context.Audit(AuditAction.Change, $"digest {digest.Id}", detail: $"{digest.Kind.Name()} digest of #{digest.Channel!.Name} removed");
        return ReplyKit.Done($"Removed digest {digest.Id} ({digest.Kind.Title()} for #{digest.Channel.Name}).");
    }
}
