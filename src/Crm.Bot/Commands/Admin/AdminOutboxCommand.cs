using System.Globalization;
using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Admin;

/// <summary>
/// <c>admin outbox</c>: the messages that failed for good (and how many wait); <c>admin outbox retry &lt;id&gt;</c>
/// queues one again once its cause is fixed. The same service as the <c>outbox</c> command-line verb.
/// </summary>
/// <param name="signal">Wakes this host's dispatcher after a retry; absent on a host without one.</param>
public sealed class AdminOutboxCommand(IOutboxSignal? signal = null) : ICommand
{
    private const int Shown = 20;

    public CommandDescriptor Descriptor { get; } = new("admin", "outbox", "admin outbox [retry <id>]",
        "list messages that could not be delivered, or send one again", ["admin outbox", "admin outbox retry 42"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "see and retry undelivered messages");

    public bool Changes(CommandArgs args) => args.IsWord(0, "retry");

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var admin = new OutboxAdmin(context.Db, context.Clock, signal);
        if (args.Count == 0)
        {
            var failed = await admin.ListFailedAsync(Shown, ct);
            var waiting = await admin.CountPendingAsync(ct);
            context.Audit(AuditAction.Admin, detail: "outbox listed");
            return new Reply
            {
                FallbackText = $"{waiting} waiting, {failed.Count} failed.",
                Blocks =
                [
                    new HeadingBlock("Undelivered messages"),
                    new TextBlock($"{waiting} waiting to go out; {(failed.Count == 0 ? "none failed" : $"the last {failed.Count} that failed:")}"),
                    new TableBlock(null, ["Id", "Created", "What", "To", "Error"],
                        failed.Select(e => (IReadOnlyList<string>)[e.Id.ToString(CultureInfo.InvariantCulture), context.Times.Moment(e.CreatedAt), e.Purpose, e.Target,
                            $"after {e.Attempts} attempts: {e.LastError}"]).ToList()),
                    new ContextBlock("Fix the cause (e.g. invite the bot again), then `admin outbox retry <id>`."),
                ],
            };
        }
        if (args.Count == 2 && args.IsWord(0, "retry") && long.TryParse(args.Word(1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            var result = await admin.RetryAsync(id, context.Actor, context.Request.Platform, ct);
            return result.Queued ? ReplyKit.Done(result.Message) : ReplyKit.Problem(result.Message);
        }
        return ReplyKit.Usage(Descriptor, "Use `admin outbox` to list, or `admin outbox retry <id>` with an id from that list.");
    }
}
