using Crm.Domain.Replies;
using Crm.Domain.Storage;

namespace Crm.Domain.Files;

/// <summary>
/// Stores the files of a reply beside the outbox row that carries it: the caller adds both to one context
/// and saves once, so an answer stored before it is sent (and sent until it succeeds or fails for good)
/// always finds its files.
/// </summary>
public static class ReplyFiles
{
    /// <summary>How long a file (and every link to it) lives: long enough for the outbox's retries and for people to open it.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    /// <summary>Adds a row for each file of <paramref name="reply"/> that has its bytes in memory; the caller saves. Returns the rows added.</summary>
    public static IReadOnlyList<StoredFile> Add(CrmDbContext db, Reply reply, DateTimeOffset now)
    {
        if (reply.Files is not { Count: > 0 } files) return [];
        var fallback = reply.Redaction?.Audience ?? reply.Visibility.ToString().ToLowerInvariant();
        var rows = new List<StoredFile>();
        foreach (var file in files)
        {
            if (file.Content is null) continue;
            // The same reply staged twice (a step retried) must not add its files twice.
            if (db.Files.Local.Any(f => f.Id == file.Id)) continue;
            var row = new StoredFile
            {
                Id = file.Id,
                Name = file.Name,
                MediaType = file.MediaType,
                Content = file.Content,
                AltText = file.AltText,
                Audience = file.Audience ?? fallback,
                CreatedAt = now,
                ExpiresAt = now + Lifetime,
            };
            db.Files.Add(row);
            rows.Add(row);
        }
        return rows;
    }
}
