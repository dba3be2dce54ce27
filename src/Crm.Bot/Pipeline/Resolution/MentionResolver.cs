using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>
/// Turns a person reference into an e-mail: Slack's &lt;@U123|ava&gt; and Teams' mentions (by the platform's
/// user id, which the Teams edge writes as @&lt;object id&gt;), a plain @ava (a platform user id, else the
/// local part of exactly one known e-mail) or an e-mail. Never by a display name: anyone can set theirs
/// to someone else's, and a bare &lt;at&gt;Name&lt;/at&gt; carries nothing else.
/// </summary>
public static class MentionResolver
{
    public static async Task<string> ResolveAsync(CommandContext context, Token token, CancellationToken ct)
    {
        var db = context.Db;
        switch (token.Kind)
        {
            case TokenKind.SlackMention:
            {
                var link = await db.UserLinks.AsNoTracking()
                    .Where(l => l.Platform == Platform.Slack && l.ExternalUserId == token.Text)
                    .OrderByDescending(l => l.LastSeenAt).FirstOrDefaultAsync(ct);
                if (link is not null) return link.Email;
                var directory = context.Directories.For(Platform.Slack);
                var workspace = context.Request.Platform == Platform.Slack ? context.Request.Workspace : "";
                if (directory is not null && (await directory.LookupAsync(workspace, token.Text, ct)).User is { } user)
                    return Guard.Email(user.Email, "Mentioned person's e-mail");
                throw new DomainException($"I cannot tell who <@{token.Text}> is; mention them by e-mail instead.");
            }
            case TokenKind.TeamsMention:
                throw new DomainException($"I cannot tell who '{Shown(token.Text)}' is from a name alone; mention them so Teams says who they are, or use their e-mail.");
        }

        var text = token.Text.TrimStart('@');
        if (text.Contains('@'))
            return Guard.Email(text, "Person");
        return await ByPlatformIdAsync(context, text, ct)
               ?? await ByMailboxAsync(db, text, ct)
               ?? throw new DomainException(text.StartsWith("29:", StringComparison.Ordinal)
                   ? "I cannot tell who you mentioned: they have not used CRM in Teams yet. Use their e-mail (name@company.example) instead."
                   : $"I do not know anyone called '@{Shown(text)}'; use their e-mail (name@company.example) instead.");
    }

    private static string Shown(string text) => text.Length > 60 ? text[..60] + "…" : text;

    /// <summary>A person by the id the request's platform knows them by (a Slack user id, an Entra ID object id), in the request's workspace.</summary>
    private static async Task<string?> ByPlatformIdAsync(CommandContext context, string id, CancellationToken ct)
    {
        var request = context.Request;
        var link = await context.Db.UserLinks.AsNoTracking()
            .Where(l => l.Platform == request.Platform && l.Workspace == request.Workspace && l.ExternalUserId == id)
            .OrderByDescending(l => l.LastSeenAt).FirstOrDefaultAsync(ct);
        if (link is not null && link.Email.Length > 0) return link.Email;
        // A Teams mention of someone who has not spoken to the bot yet: Graph knows them by that object id.
        // (Slack's mentions arrive as <@U…> tokens and are looked up above.)
        if (request.Platform != Platform.Teams || !Guid.TryParse(id, out _)) return null;
        var directory = context.Directories.For(Platform.Teams);
        if (directory is null) return null;
        return (await directory.LookupAsync(request.Workspace, id, ct)).User is { } user ? Guard.Email(user.Email, "Mentioned person's e-mail") : null;
    }

    /// <summary>A person given as a keyword's value ("owner @max"): exactly one mention, name or e-mail.</summary>
    public static Task<string> ResolveTextAsync(CommandContext context, string text, CancellationToken ct)
    {
        var tokens = CommandLine.Parse(text).Tokens;
        if (tokens.Count != 1)
            throw new DomainException($"'{UntrustedText.Clip(text, 61)}' is not one person; give an e-mail or a mention such as @max.");
        return ResolveAsync(context, tokens[0], ct);
    }

    /// <summary>The one known e-mail whose local part is <paramref name="name"/> (@max → max@…); the directory sets e-mails, people set display names.</summary>
    private static async Task<string?> ByMailboxAsync(Crm.Domain.Storage.CrmDbContext db, string name, CancellationToken ct)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key.Length == 0) return null;
        var local = key + "@";
        var emails = await db.UserLinks.AsNoTracking()
            .Where(l => l.Email.StartsWith(local))
            .Select(l => l.Email).Distinct().ToListAsync(ct);
        if (emails.Count == 0)
        {
            // People known only from their e-mail mapping rule (they have not talked to the bot yet).
            emails = await db.RoleMappings.AsNoTracking()
                .Where(r => r.Kind == MappingKind.Email && r.Match.StartsWith(local))
                .Select(r => r.Match).ToListAsync(ct);
        }
        return emails.Count switch
        {
            1 => emails[0],
            0 => null,
            _ => throw new DomainException($"'{name}' could be {string.Join(" or ", emails)}; use the e-mail."),
        };
    }
}
