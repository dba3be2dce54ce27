using Crm.Domain.Common;
using Crm.Domain.Identity;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Pipeline.Resolution;

/// <summary>
/// Turns a person reference into an e-mail: Slack's &lt;@U123|ava&gt; (by user id), Teams' &lt;at&gt;Ava&lt;/at&gt;
/// (by display name), a plain @ava (display or first name, or the e-mail's local part) or an e-mail.
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
                var directory = context.Services.GetServices<IDirectory>().FirstOrDefault(d => d.Platform == Platform.Slack);
                var workspace = context.Request.Platform == Platform.Slack ? context.Request.Workspace : "";
                if (directory is not null && (await directory.LookupAsync(workspace, token.Text, ct)).User is { } user)
                    return Guard.Email(user.Email, "Mentioned person's e-mail");
                throw new DomainException($"I cannot tell who <@{token.Text}> is; mention them by e-mail instead.");
            }
            case TokenKind.TeamsMention:
                return await ByNameAsync(db, token.Text, ct)
                       ?? throw new DomainException($"I do not know anyone called '{token.Text}' yet; use their e-mail instead.");
        }

        var text = token.Text.TrimStart('@');
        if (text.Contains('@'))
            return Guard.Email(text, "Person");
        return await ByNameAsync(db, text, ct)
               ?? throw new DomainException($"I do not know anyone called '@{text}'; use their e-mail (name@company.example) instead.");
    }

    /// <summary>A person given as a keyword's value ("owner @max"): exactly one mention, name or e-mail.</summary>
    public static Task<string> ResolveTextAsync(CommandContext context, string text, CancellationToken ct)
    {
        var tokens = CommandLine.Parse(text).Tokens;
        if (tokens.Count != 1)
            throw new DomainException($"'{UntrustedText.Clip(text, 61)}' is not one person; give an e-mail or a mention such as @max.");
        return ResolveAsync(context, tokens[0], ct);
    }

    private static async Task<string?> ByNameAsync(Crm.Domain.Storage.CrmDbContext db, string name, CancellationToken ct)
    {
        var key = name.Trim().ToLowerInvariant();
        if (key.Length == 0) return null;
        var first = key + " ";
        var local = key + "@";
        var emails = await db.UserLinks.AsNoTracking()
            .Where(l => l.DisplayName!.ToLower() == key || l.DisplayName!.ToLower().StartsWith(first) || l.Email.StartsWith(local))
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
