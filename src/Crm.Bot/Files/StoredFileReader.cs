using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Files;

/// <summary>
/// The bytes of a reply's file for a transport that uploads it: from the reply in memory when the sender has
/// the pipeline's copy, otherwise from <c>reply_files</c> (a row sent later or by another host).
/// </summary>
public sealed class StoredFileReader(IServiceScopeFactory scopes)
{
    /// <summary>Null when the file is gone (expired and pruned).</summary>
    public async Task<byte[]?> ReadAsync(ReplyFile file, CancellationToken ct)
    {
        if (file.Content is { } content) return content;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        return await db.Files.AsNoTracking().Where(f => f.Id == file.Id).Select(f => f.Content).FirstOrDefaultAsync(ct);
    }
}
