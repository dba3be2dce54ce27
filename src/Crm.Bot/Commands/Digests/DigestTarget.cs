using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Digests;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Digests;

/// <summary>Finds the digest a "digest run/remove &lt;id&gt;" names and checks the person may manage it.</summary>
public static class DigestTarget
{
    public static async Task<(DigestSubscription? Digest, Reply? Problem)> FindAsync(CommandContext context, CommandArgs args, CommandDescriptor descriptor, CancellationToken ct)
    {
        if (args.Count != 1 || !long.TryParse(args.Word(0), out var id) || id <= 0)
            return (null, ReplyKit.Usage(descriptor, "Which digest? Give its number from `digest list`."));
        var digest = await context.Db.Digests.Include(d => d.Channel).FirstOrDefaultAsync(d => d.Id == id, ct);
        if (digest is null)
            return (null, ReplyKit.Problem($"There is no digest {id}. See them with `digest list`."));
        var decision = DigestPolicy.CanManage(context.Principal, digest.Kind, digest.Channel!.Department, digest.Channel.Name);
        if (!decision.Allowed)
        {
            context.Audit(AuditAction.Denial, $"digest {id}", detail: decision.Reason, outcome: AuditOutcome.Denied);
            return (null, ReplyKit.Denied(decision.Reason!));
        }
        return (digest, null);
    }
}
