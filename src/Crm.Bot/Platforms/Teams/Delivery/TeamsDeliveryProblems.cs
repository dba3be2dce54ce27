using Crm.Domain.Channels;
using Crm.Domain.Common;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Records why a Teams channel cannot be reached (visible to admins on the channel) and tells the
/// admin who bound it, once per problem and day, through the outbox on whichever platform they use.
/// </summary>
internal sealed class TeamsDeliveryProblems(TimeProvider time, ILogger<TeamsDeliveryProblems> logger)
{
    public async Task MarkUnreachableAsync(CrmDbContext db, OutboxMessage message, string reason, CancellationToken cancellationToken)
    {
        if (message.TargetKind != OutboxTargetKind.Channel)
            return;
        var channel = message.ChannelId is { } id
            ? await db.Channels.FirstOrDefaultAsync(c => c.Id == id, cancellationToken)
            : await db.Channels.FirstOrDefaultAsync(c => c.Platform == Platform.Teams && c.Workspace == message.Workspace && c.ExternalId == message.Recipient, cancellationToken);
        if (channel is null) return;
        var problem = $"Teams refuses messages to the channel '{channel.Name}' (the app was removed, blocked or the channel deleted): {reason}. " +
                      "Add the CRM app to the team again, then mention @CRM once in the channel.";
        await ReportAsync(db, channel, problem, "unreachable", cancellationToken);
    }

    public async Task ReportAsync(CrmDbContext db, ChatChannel channel, string problem, string kind, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        channel.UnreachableReason = problem;
        channel.UnreachableSince ??= now;
        await db.SaveChangesAsync(cancellationToken);
        logger.LogWarning("Teams channel {Channel} ({Ref}) cannot be reached: {Problem}", channel.Name, channel.Ref, problem);

        if (string.IsNullOrWhiteSpace(channel.BoundBy))
            return;
        var admin = channel.BoundBy.Trim().ToLowerInvariant();
        var links = await db.UserLinks
            .Where(u => u.Email == admin || u.ExternalUserId == channel.BoundBy)
            .OrderByDescending(u => u.LastSeenAt)
            .ToListAsync(cancellationToken);
        var link = links.FirstOrDefault();
        if (link is null)
        {
            logger.LogWarning("Cannot tell {Admin} about the unreachable Teams channel {Channel}: they have no chat link", admin, channel.Name);
            return;
        }
        var reply = new Reply
        {
            Tone = ReplyTone.Warning,
            FallbackText = problem,
            Blocks = [new HeadingBlock("A channel you bound cannot be reached"), new TextBlock(problem)],
        };
        db.Outbox.Add(new OutboxMessage
        {
            IdempotencyKey = $"teams:delivery-problem:{channel.Id}:{kind}:{now:yyyy-MM-dd}",
            Platform = link.Platform,
            Workspace = link.Workspace,
            TargetKind = OutboxTargetKind.User,
            Recipient = link.ExternalUserId,
            ReplyJson = reply.ToJson(),
            Purpose = "delivery-problem",
            Status = OutboxStatus.Pending,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Already told today.
            db.ChangeTracker.Clear();
        }
    }
}
