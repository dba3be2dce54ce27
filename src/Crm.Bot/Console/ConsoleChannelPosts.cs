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
/// Answers only the asker sees are not the channel's history and are not stored.
/// </summary>
public sealed class ConsoleChannelPosts(CrmDbContext db, TimeProvider clock)
{
    /// <summary>Purpose of a row holding a person's own line posted into a channel (the bot's answer is "answer").</summary>
    public const string PostPurpose = "console-post";
    public const string AnswerPurpose = "answer";
    private const string PostKeyPrefix = "console:post:";

    /// <summary>The two rows' ids once stored; the post is null when the line was not for the channel.</summary>
    public sealed record Stored(long? Post, long? Answer);

    private OutboxMessage? _post, _answer;
    private long? _channelId;
    private string? _line;

    /// <summary>
    /// Before the command runs: keeps the line as the person typed it (with its @crm mention) and reads
    /// the channel's row, when it has one, as the stored rows name it.
    /// </summary>
    public async Task BeginAsync(ConsoleSession session, string? typedLine, CancellationToken cancellationToken)
    {
        _line = typedLine;
        if (session.Channel is not { } channel) return;
        var workspace = ConsoleSession.WorkspaceOf(session.Platform);
        _channelId = await db.Channels.AsNoTracking()
            .Where(c => c.Platform == session.Platform && c.Workspace == workspace && c.ExternalId == channel.ExternalId)
            .Select(c => (long?)c.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Adds the rows for this exchange to the context without saving, so they commit with the command's own rows.</summary>
    public void Stage(ConsoleSession session, ChatRequest request, Reply reply)
    {
        if (session.Channel is null || _post is not null || _answer is not null) return;
        var now = clock.GetUtcNow();
        var channelId = _channelId;
        if (request.Visibility == ReplyVisibility.Channel)
            _post = Add(session, $"{PostKeyPrefix}{session.UserId}:{request.IdempotencyKey}", Reply.Text(_line ?? request.Text), PostPurpose, now, channelId);
        if (reply.Visibility == ReplyVisibility.Channel)
            _answer = Add(session, $"console:answer:{request.IdempotencyKey}", reply, AnswerPurpose, now, channelId);
    }

    /// <summary>Stores the rows when the pipeline answered without saving (a typo, an unknown command); returns what is stored.</summary>
    public async Task<Stored> SaveAsync(ConsoleSession session, ChatRequest request, Reply reply, CancellationToken cancellationToken)
    {
        if (_post is null && _answer is null)
        {
            Stage(session, request, reply);
            if (_post is not null || _answer is not null)
                await db.SaveChangesAsync(cancellationToken);
        }
        return new Stored(_post?.Id, _answer?.Id);
    }

    /// <summary>Who posted a stored line: the demo user whose platform id its key names.</summary>
    public static DemoUser? AuthorOf(OutboxMessage row)
    {
        if (row.Purpose != PostPurpose || !row.IdempotencyKey.StartsWith(PostKeyPrefix, StringComparison.Ordinal)) return null;
        var userId = row.IdempotencyKey[PostKeyPrefix.Length..].Split(':')[0];
        return DemoDirectory.Users.FirstOrDefault(u => (row.Platform == Platform.Slack ? u.SlackUserId : u.TeamsObjectId) == userId);
    }

    private OutboxMessage Add(ConsoleSession session, string key, Reply reply, string purpose, DateTimeOffset now, long? channelId)
    {
        var row = new OutboxMessage
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
        db.Outbox.Add(row);
        return row;
    }
}
