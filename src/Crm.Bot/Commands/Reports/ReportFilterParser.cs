using System.Globalization;
using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Domain.Common;
using Crm.Domain.Reports;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Reports;

/// <summary>
/// The one reader of report filters, for <c>report</c> and <c>digest add</c>: <c>region X</c>, <c>segment X</c>,
/// <c>owner me|@person|e-mail</c>, <c>since YYYY-MM-DD</c>, <c>until YYYY-MM-DD</c>, any subset in any order,
/// each at most once. Region and segment must be values customers have (matched ignoring case, kept as
/// stored); the owner is resolved as every command resolves a person (<see cref="MentionResolver"/>).
/// Every refusal says what was wrong and how to write it.
/// </summary>
public static class ReportFilterParser
{
    public const string Usage =
        "Filters are `region <region>`, `segment <segment>`, `owner <me|@person|e-mail>`, `since YYYY-MM-DD` and `until YYYY-MM-DD`, " +
        "in any order, each at most once, e.g. `report pipeline region EMEA owner me since 2026-10-01 until 2026-12-31`.";

    public static bool IsFilterWord(Token token) => ReportFilter.Words.Any(token.IsWord);

    /// <summary>The filter of <paramref name="tokens"/>, or the reason it cannot be read.</summary>
    public static async Task<(ReportFilter? Filter, string? Error)> ParseAsync(CommandContext context, IReadOnlyList<Token> tokens, CancellationToken ct)
    {
        var filter = ReportFilter.None;
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < tokens.Count; i += 2)
        {
            var token = tokens[i];
            if (!IsFilterWord(token))
                return (null, $"'{Shown(token.Text)}' is not a filter. {Usage}");
            var word = token.Text.ToLowerInvariant();
            if (!seen.Add(word))
                return (null, $"`{word}` is given twice; give each filter at most once. {Usage}");
            if (i + 1 >= tokens.Count || IsFilterWord(tokens[i + 1]))
                return (null, $"`{word}` needs a value, e.g. {Example(word)}. {Usage}");
            var value = tokens[i + 1].Text.Trim();
            string? error;
            switch (word)
            {
                case "region":
                    (var region, error) = await KnownValueAsync(context, "region", value, c => c.Region, ct);
                    filter = filter with { Region = region };
                    break;
                case "segment":
                    (var segment, error) = await KnownValueAsync(context, "segment", value, c => c.Segment, ct);
                    filter = filter with { Segment = segment };
                    break;
                case "owner":
                    (var owner, error) = await OwnerAsync(context, tokens[i + 1], ct);
                    filter = filter with { Owner = owner };
                    break;
                case "since":
                    error = TryDate("since", value, out var since);
                    filter = filter with { Since = since };
                    break;
                default:
                    error = TryDate("until", value, out var until);
                    filter = filter with { Until = until };
                    break;
            }
            if (error is not null) return (null, error);
        }
        if (filter is { Since: { } from, Until: { } to } && from > to)
            return (null, $"`since {Iso(from)}` is after `until {Iso(to)}`; the period must start on or before its end, e.g. since {Iso(to)} until {Iso(from)}.");
        return (filter, null);
    }

    private static async Task<(string? Value, string? Error)> KnownValueAsync(CommandContext context, string word, string value,
        System.Linq.Expressions.Expression<Func<Crm.Domain.Customers.Customer, string?>> column, CancellationToken ct)
    {
        var customers = context.Db.Customers.AsNoTracking();
        // The exact spelling is the common case and one indexed probe; anything else lists the values once.
        if (await customers.Select(column).AnyAsync(v => v == value, ct))
            return (value, null);
        var known = (await customers.Select(column).Where(v => v != null && v != "").Distinct().ToListAsync(ct))
            .OfType<string>().OrderBy(v => v, StringComparer.OrdinalIgnoreCase).ToList();
        var match = known.Where(k => string.Equals(k, value, StringComparison.OrdinalIgnoreCase)).ToList();
        if (match.Count == 1) return (match[0], null);
        var list = known.Count == 0 ? $"no customer has a {word} yet" : $"{word}s are {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", …" : "")}";
        return (null, $"'{Shown(value)}' is not a {word} any customer has; {list}. Write it as `{word} {known.FirstOrDefault() ?? "EMEA"}`.");
    }

    private static async Task<(string? Owner, string? Error)> OwnerAsync(CommandContext context, Token token, CancellationToken ct)
    {
        if (token.IsWord("me")) return (context.ActorEmail, null);
        try
        {
            return (await MentionResolver.ResolveAsync(context, token, ct), null);
        }
        catch (DomainException unknown)
        {
            return (null, $"owner: {unknown.Message} Write `owner me`, `owner @max` or `owner max@example.com`.");
        }
    }

    private static string? TryDate(string word, string value, out DateOnly? date)
    {
        date = null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            date = parsed;
            return null;
        }
        return $"'{Shown(value)}' is not a date for `{word}`; write it as YYYY-MM-DD, e.g. `{word} 2026-10-01`.";
    }

    private static string Example(string word) => word switch
    {
        "region" => "`region EMEA`",
        "segment" => "`segment Enterprise`",
        "owner" => "`owner me` or `owner @max`",
        _ => $"`{word} 2026-10-01`",
    };

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Shown(string text) => UntrustedText.Clip(text, 41);
}
