using Crm.Domain.Files;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Files;

/// <summary>
/// <c>GET /files/{signed id}</c>: serves a reply file to whoever holds its link, without a login. A link this
/// host did not sign (malformed, tampered) gets 404 and nothing else; a signed link whose time or whose file's
/// time is up gets 410. Only the signed file is ever read.
/// </summary>
public static class FileEndpoints
{
    public const string Prefix = "/files/";

    public static WebApplication MapFiles(this WebApplication app)
    {
        app.MapGet(Prefix + "{signed}", ServeAsync).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> ServeAsync(string signed, FileLinks links, CrmDbContext db, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        switch (links.Signer.Verify(signed, now, out var id))
        {
            case FileLinkState.Invalid: return Results.NotFound();
            case FileLinkState.Expired: return Results.StatusCode(StatusCodes.Status410Gone);
        }
        var file = await db.Files.AsNoTracking().FirstOrDefaultAsync(f => f.Id == id, ct);
        if (file is null) return Results.NotFound();
        if (file.ExpiresAt <= now) return Results.StatusCode(StatusCodes.Status410Gone);

        var headers = http.Response.Headers;
        // The link is the credential: no shared cache keeps a copy, and no browser runs what it serves.
        headers.CacheControl = "private, max-age=3600";
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        var inline = file.MediaType == "image/png";
        return Results.File(file.Content, file.MediaType, inline ? null : file.Name);
    }
}
