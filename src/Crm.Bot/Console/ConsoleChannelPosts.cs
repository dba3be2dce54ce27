using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.TryIt;

/// <summary>
/// Keeps what was said in a console channel: the line a person posted there and the bot's answer
/// posted for the channel are stored as sent outbox rows to that channel, as the Slack and Teams
/// edges store their answers, so the channel's timeline shows them after a reload or a restart.
/// Answers only the asker sees are not the channel's history and are not stored. The console's
/// <see cref="IAnswerRouting"/>: the pipeline stores these rows with the command's own rows
/// (<see cref="ConsoleReplyAddress"/>); the console is the delivery target, so nothing is left to send.
/// </summary>
public sealed class ConsoleChannelPosts(CrmDbContext db, TimeProvider clock) : IAnswerRouting
{
    /// <summary>Purpose of a row holding a person's own line posted into a channel (the bot's answer is "answer").</summary>
    public const string PostPurpose = "console-post";
    public const string AnswerPurpose = "answer";
    private const string PostKeyPrefix = "console:post:";

    /// <summary>The two rows' ids once stored; the post is null when the line was not for the channel.</summary>
    public sealed record Stored(long? Post, long? Answer);

    private OutboxMessage? _post, _answer;

    public Platform Platform => Platform.Console;

    /// <summary>
    /// Before the command runs: where its answer goes, with the line as the person typed it (with its @crm
    /// mention) and the channel's row, when it has one, as the stored rows name it.
    /// </summary>
    public async Task<ConsoleReplyAddress> AddressAsync(ConsoleSession session, ChatRequest request, string? typedLine, CancellationToken cancellationToken)
    {
        long? channelId = null;
        if (session.Channel is { } channel)
        {
            var workspace = ConsoleSession.WorkspaceOf(session.Platform);
            channelId = await db.Channels.AsNoTracking()
                .Where(c => c.Platform == session.Platform && c.Workspace == workspace && c.ExternalId == channel.ExternalId)
                .Select(c => (long?)c.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }
        return new ConsoleReplyAddress(session, request.IdempotencyKey, request.Visibility, typedLine ?? request.Text, channelId);
    }

    /// <summary>The rows for this exchange (already delivered: the console shows them as they are stored).</summary>
    public IReadOnlyList<AnswerRow> RowsFor(ReplyAddress address, Reply reply, string purpose)
    {
        var console = (ConsoleReplyAddress)address;
        var session = console.Session;
        (_post, _answer) = (null, null);
        if (session.Channel is null) return [];
        var now = clock.GetUtcNow();
        var rows = new List<AnswerRow>(2);
        if (console.Visibility == ReplyVisibility.Channel)
        {
            var line = Reply.Text(console.Line);
            _post = Row(session, $"{PostKeyPrefix}{session.UserId}:{console.RequestKey}", line, PostPurpose, now, console.ChannelId);
            rows.Add(new AnswerRow(_post, line));
        }
        if (reply.Visibility == ReplyVisibility.Channel)
        {
            _answer = Row(session, $"console:answer:{console.RequestKey}", reply, AnswerPurpose, now, console.ChannelId);
            rows.Add(new AnswerRow(_answer, reply));
        }
        return rows;
    }

    /// <summary>After the pipeline: the rows it stored for this exchange.</summary>
    public Stored Saved => new(IdOf(_post), IdOf(_answer));

    private long? IdOf(OutboxMessage? row) => row is not null && db.Entry(row).State == EntityState.Unchanged ? row.Id : null;

    /// <summary>Who posted a stored line: the demo user whose platform id its key names.</summary>
    public static DemoUser? AuthorOf(OutboxMessage row)
    {
        if (row.Purpose != PostPurpose || !row.IdempotencyKey.StartsWith(PostKeyPrefix, StringComparison.Ordinal)) return null;
        var userId = row.IdempotencyKey[PostKeyPrefix.Length..].Split(':')[0];
        return DemoDirectory.Users.FirstOrDefault(u => (row.Platform == Platform.Slack ? u.SlackUserId : u.TeamsObjectId) == userId);
    }

    private static OutboxMessage Row(ConsoleSession session, string key, Reply reply, string purpose, DateTimeOffset now, long? channelId) => new()
    {
        IdempotencyKey = key,
        Platform = session.Platform,
        Workspace = ConsoleSession.WorkspaceOf(session.Platform),
        TargetKind = OutboxTargetKind.Channel,
        ChannelId = channelId,
        Recipient = session.Channel!.ExternalId,
        ReplyJson = reply.ToJson(),
        Purpose = purpose,
        // Shown in the console as it is stored: the console is this platform's delivery target.
        Status = OutboxStatus.Sent,
        Attempts = 1,
        CreatedAt = now,
        NextAttemptAt = now,
        SentAt = now,
    };
}
