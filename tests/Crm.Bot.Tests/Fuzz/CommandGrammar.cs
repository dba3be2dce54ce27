using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Crm.Bot.Pipeline;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// Generates command lines for every command of the catalog from its usage line and examples: well
/// formed ones, mutated ones and garbage, with values at the edges of their types (long, int and
/// decimal limits, exponents, k/m suffixes), dates out of range, bidi controls, zero-width and
/// combining characters, homoglyphs and very long words. The same seed gives the same commands.
/// </summary>
public sealed partial class CommandGrammar(Random random, IReadOnlyList<CommandDescriptor> commands)
{
    private static readonly string[] Ids =
    [
        "C-1001", "C-1", "C-0", "C-9223372036854775807", "C-9223372036854775808", "C-99999999999999999999", "C--1", "C-", "c-1001",
        "D-1001", "D-0", "D-9223372036854775807", "D-1001x", "T-1001", "T-2147483648", "INV-1001", "INV-9223372036854775807",
        "K-1001", "K-1002", "K-0", "K-9223372036854775807", "H-1001", "H-1", "H-9223372036854775807", "X-1001", "1001", "-1001",
    ];

    private static readonly string[] Names =
    [
        "acme", "Acme", "\"Acme Corporation\"", "acme.example", "globex", "initech", "“Acme Corporation”", "'acme'", "ACME",
        "\"\"", "\"a\"", "\"Fuzz Ltd\"", "\"Müller & Söhne GmbH\"", "\"O'Brien Inc\"", "\"<b>bold</b>\"", "\"*bold* _it_ ~st~\"",
    ];

    private static readonly string[] People =
    [
        "ava@example.com", "max@example.com", "sam@example.com", "root@example.com", "@max", "@ava", "@sam", "@Sam Support", "@root",
        "<@U0AVA>", "<@U0MAX|max>", "<@U0NOBODY>", "<@>", "<at>Sam Support</at>", "<at>Nobody</at>", "<at></at>", "@nobody", "@",
        "@@", "a@b", "x@y@z", "ava@example", "@ava@example.com", "\"ava@example.com\"", "AVA@EXAMPLE.COM", "<mailto:ava@example.com|ava@example.com>",
    ];

    private static readonly string[] NumberEdges =
    [
        "0", "-0", "1", "-1", "0.5", ".5", "5.", "+5", "--5", "1,000", "1,000,000.50", "1_000", "30000", "48000",
        "2147483647", "2147483648", "-2147483648", "-2147483649", "4294967296",
        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551616",
        "79228162514264337593543950335", "79228162514264337593543950336", "-79228162514264337593543950335",
        "79228162514264337593543950335k", "79228162514264337593543950335m", "9223372036854775807k", "9999999999999999999999999m",
        "0.0000000000000000000000000001", "0.00000000000000000000000000001", "1e308", "1E+400", "1e-400", "1e", "e5", "1e5", "-1e5", "1.5e3k",
        "1k", "1.5k", "2m", "3.5M", "12K", "0k", "-5k", "k", "m", "12km", "1kk", "NaN", "Infinity", "-Infinity", "∞",
        "$100", "€100", "100EUR", "100 EUR", "0x1F", "1/2", "٣٠٠٠", "１２３", "१२३", "1 000", "1'000", "3.14159265358979323846264338327950288",
    ];

    private static readonly string[] DateEdges =
    [
        "today", "tomorrow", "tmrw", "fri", "friday", "next mon", "2026-12-01", "2026-02-29", "2026-02-30", "2028-02-29",
        "9999-12-31", "9999-12-31 23:59", "0001-01-01", "0001-01-01 00:00", "10000-01-01", "0000-00-00", "2026-13-01", "2026-1-1",
        "in 3 days", "in 2 weeks", "in 3650 days", "in 3650 months", "in 3650 weeks", "in 3651 days", "in 2147483647 days",
        "in 0 days", "in -1 days", "in 1 fortnight", "24:00", "23:59", "fri 14:00", "fri at 9:30", "mon 25:00", "yesterday",
        "2026-12-01T10:00:00Z", "12/01/2026", "1.12.2026", "next", "in", "at",
    ];

    private static readonly string[] Domains =
    [
        "acme.example", "http://[", "https://[::1", "http://", "https://x", "//", "a..b", "-a.com", "a-.com", "xn--", "localhost",
        "exa mple.com", "*.example", "acme.example:99999", "acme.example/path?q=1", "ftp://acme.example", "http://acme.example:0",
        "[::1]", "1.2.3.4", "999.999.999.999", "javascript:alert(1)", "data:text/html,x", "file:///etc/passwd", "例え.テスト", "xn--r8jz45g.xn--zckzah",
    ];

    private static readonly string[] Zones =
    [
        "Europe/Berlin", "America/Los_Angeles", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "UTC", "Not/AZone", "../../etc/passwd", "Local", "+05:00",
    ];

    private static readonly string[] Schedules =
    [
        "daily 08:00", "weekdays 17:30", "weekly mon 09:00", "monthly 1 09:00", "monthly last 18:00", "monthly 31 09:00", "monthly 0 09:00",
        "monthly 2147483648 09:00", "daily 24:00", "daily 99:99", "\"* * * * *\"", "\"0 0 31 2 *\"", "\"*/0 * * * *\"", "\"99 99 99 99 99\"", "\"0 9 * * 1-5\"", "weekly funday 09:00",
    ];

    private static readonly string[] Odd =
    [
        "\u202Eacme", "ac\u202Dme", "\u2066acme\u2069", "ac\u200Bme", "a\u200Dc\u200Cme", "acme\uFEFF", "\u2060acme", "\u200E\u200F", "\u061C",
        "ac\u0301me", "e" + new string('\u0301', 50), "\u0300", "аcme", "ΑCΜΕ", "ａｃｍｅ", "ACME\u00AD", "ß", "İstanbul", "ﬁnance", "\uD83D\uDE00",
        "\uD800", "\uDC00x", "אקמה", "شركة", "\u00A0", "\u3000", "a\u2028b", "\u0000", "\u0007", "\u001B[31m", "\t", "x\ny",
        "|", "`", "```", "*", "_", "~", "<", ">", "&", "&amp;", "<!channel>", "<!here>", "<http://evil.example|acme>", "{reason}", "{", "}",
        "%s", "{0}", "\\", "/", ";", "--", "-", "'", "\"", "“", "„", "\"unterminated", "DROP TABLE customers;--", "' OR 1=1 --", "%", "_%_",
        "null", "undefined", "true", "[]", "{}", "<script>alert(1)</script>", "@channel", "@here", "#general", "<#C0SALES>",
    ];

    private static readonly string[] Words =
    [
        "stage", "amount", "close", "owner", "reopen", "due", "done", "to", "accept", "decline", "paid", "currency", "domain", "region",
        "industry", "segment", "phone", "title", "email", "group", "department", "none", "daily", "weekly", "weekdays", "monthly", "last",
        "mon", "sales", "support", "finance", "marketing", "management", "pipeline", "overdue", "renewals", "tickets", "quality", "--since",
        "won", "lost", "negotiate", "qualify", "proposal", "sales-rep", "sales-manager", "crm-admin", "executive", "EMEA", "APAC", "EUR", "USD",
        "slack:T0DEMO:C0GENERAL", "teams:x:y", "slack::", ":::", "audit.csv", "open", "high", "urgent", "low", "priority", "status",
    ];

    private static readonly Func<CommandGrammar, string>[] Kinds =
    [
        g => g.Pick(Ids), g => g.Pick(Names), g => g.Pick(People), g => g.Pick(NumberEdges), g => g.Pick(DateEdges),
        g => g.Pick(Domains), g => g.Pick(Zones), g => g.Pick(Schedules), g => g.Pick(Odd), g => g.Pick(Words),
        g => g.LongWord(), g => g.RandomWord(), g => g.RandomNumber(),
    ];

    /// <summary>Odd values of every kind, for fuzzing the fields of platform payloads.</summary>
    public static IReadOnlyList<string> OddValues { get; } = [.. Odd, .. NumberEdges, .. People, .. Ids, .. DateEdges, .. Domains, "", " "];

    public string Next(int index)
    {
        // Round robin over the catalog, so every command gets its share whatever the count.
        var command = commands[index % commands.Count];
        var line = random.Next(20) switch
        {
            < 4 => Focused(command),
            < 7 => Keyworded(command),
            < 10 => Mutated(command),
            < 14 => FromUsage(command),
            < 18 => Structured(command),
            _ => Head(command) + " " + string.Join(' ', Enumerable.Range(0, random.Next(0, 8)).Select(_ => Any())),
        };
        if (random.Next(8) == 0) line = Decorate(line);
        return line;
    }

    private string Head(CommandDescriptor command)
    {
        var verb = random.Next(12) switch { 0 => command.Verb.ToUpperInvariant(), 1 => char.ToUpperInvariant(command.Verb[0]) + command.Verb[1..], _ => command.Verb };
        return command.Noun is null ? verb : $"{verb} {command.Noun}";
    }

    /// <summary>An example with some of its words swapped for edge values, or words added or dropped.</summary>
    private string Mutated(CommandDescriptor command)
    {
        var example = command.Examples.Count > 0 ? Pick(command.Examples) : command.Name;
        var words = example.Split(' ').ToList();
        var first = command.Noun is null ? 1 : 2;
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = words.Count > first ? random.Next(first, words.Count + 1) : first;
            switch (random.Next(3))
            {
                case 0 when at < words.Count: words[at] = Any(); break;
                case 1: words.Insert(Math.Min(at, words.Count), Any()); break;
                default: if (at < words.Count && words.Count > first) words.RemoveAt(at); break;
            }
        }
        return string.Join(' ', words);
    }

    /// <summary>
    /// A well-formed example with exactly one value swapped for an edge value of the same kind (an amount
    /// for an amount, a date for a date), so the value reaches its parser instead of failing earlier.
    /// </summary>
    private string Focused(CommandDescriptor command)
    {
        var example = command.Examples.Count > 0 ? Pick(command.Examples) : command.Name;
        var words = example.Split(' ');
        var first = command.Noun is null ? 1 : 2;
        var typed = Enumerable.Range(first, Math.Max(0, words.Length - first)).Where(i => KindOf(words[i]) is not null).ToList();
        if (typed.Count == 0) return example + " " + Any();
        var at = Pick(typed);
        words[at] = Pick(KindOf(words[at])!);
        return string.Join(' ', words);
    }

    private static IReadOnlyList<string>? KindOf(string word)
    {
        if (IdShape().IsMatch(word)) return Ids;
        if (word.Contains('@')) return People;
        if (DateShape().IsMatch(word) || word is "today" or "tomorrow" or "fri" or "mon") return DateEdges;
        if (NumberShape().IsMatch(word)) return NumberEdges;
        if (word.Contains('.') && !word.Contains('/')) return Domains;
        if (word.Contains('/')) return Zones;
        return null;
    }

    /// <summary>An example followed by one of the command's keywords ("amount", "domain", "due") with an edge value of its kind.</summary>
    private string Keyworded(CommandDescriptor command)
    {
        var pairs = KeywordPair().Matches(command.Usage).Select(m => (Keyword: m.Groups[1].Value, Placeholder: m.Groups[2].Value)).ToList();
        var example = command.Examples.Count > 0 ? Pick(command.Examples) : command.Name;
        if (pairs.Count == 0) return example + " " + Any();
        var (keyword, placeholder) = Pick(pairs);
        var value = Value(placeholder);
        // For "deal D-1001 amount 48000" the example already ends in a keyword and its value: keep the head and the id.
        var words = example.Split(' ');
        var keep = Math.Min(words.Length, (command.Noun is null ? 1 : 2) + 1 + random.Next(2));
        return $"{string.Join(' ', words.Take(keep))} {keyword} {value}";
    }

    /// <summary>One form of the usage line with every placeholder filled by a value of its kind (or of any kind).</summary>
    private string FromUsage(CommandDescriptor command)
    {
        var forms = command.Usage.Split(" · ");
        var form = Pick(forms);
        // "deal <D-id> stage <stage> | amount <n> | …": the head with one of the alternatives.
        var alternatives = form.Split(" | ");
        if (alternatives.Length > 1)
        {
            var head = HeadOfAlternatives().Match(alternatives[0]).Value;
            var pick = random.Next(alternatives.Length);
            form = pick == 0 ? alternatives[0] : $"{head} {alternatives[pick]}";
        }
        var parts = new List<string>();
        foreach (Match m in UsagePart().Matches(form))
        {
            var part = m.Value;
            if (part.StartsWith('[')) { if (random.Next(2) == 0) parts.Add(Fill(part.Trim('[', ']'))); continue; }
            if (part.Contains('|') && !part.StartsWith('<')) { parts.Add(Pick(part.Split('|'))); continue; }
            parts.Add(Fill(part));
        }
        return string.Join(' ', parts);
    }

    private string Fill(string part) => PlaceholderFill().Replace(part, m => random.Next(5) == 0 ? Any() : Value(m.Groups[1].Value));

    private string Value(string placeholder)
    {
        var p = placeholder.ToLowerInvariant();
        if (p.Contains("customer")) return random.Next(3) == 0 ? Pick(Ids) : Pick(Names);
        if (p.Contains("person") || p.Contains("e-mail")) return Pick(People);
        if (p.Contains("amount") || p is "n" || p.Contains("id") && p.Length <= 3) return random.Next(2) == 0 ? Pick(NumberEdges) : RandomNumber();
        if (p.Contains("date")) return Pick(DateEdges);
        if (p.Contains("domain")) return Pick(Domains);
        if (p.Contains("schedule")) return Pick(Schedules);
        if (p.Contains("zone")) return Pick(Zones);
        if (p.Contains("-id") || p.EndsWith("id")) return Pick(Ids);
        if (p.Contains("text") || p.Contains("note") || p.Contains("reason")) return string.Join(' ', Enumerable.Range(0, random.Next(1, 6)).Select(_ => Any()));
        return Any();
    }

    private string Structured(CommandDescriptor command) =>
        Head(command) + " " + string.Join(' ', Enumerable.Range(0, random.Next(1, 7)).Select(_ => random.Next(3) == 0 ? Pick(Words) : Any()));

    private string Any() => Kinds[random.Next(Kinds.Length)](this);

    private T Pick<T>(IReadOnlyList<T> values) => values[random.Next(values.Count)];

    private string LongWord()
    {
        var length = Pick(new[] { 100, 255, 256, 1000, 2000, 3990 });
        var unit = Pick(new[] { "a", "9", "é", "\u0301", "ж", "-", "@", "\uD83D\uDE00" });
        var builder = new StringBuilder();
        while (builder.Length < length) builder.Append(unit);
        return builder.ToString();
    }

    private string RandomWord()
    {
        var length = random.Next(1, 16);
        var builder = new StringBuilder(length);
        for (var i = 0; i < length; i++)
            builder.Append(random.Next(4) == 0 ? (char)random.Next(0x21, 0x2FFF) : (char)random.Next('a', 'z' + 1));
        return builder.ToString();
    }

    private string RandomNumber() => random.Next(6) switch
    {
        0 => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
        1 => (random.NextDouble() * Math.Pow(10, random.Next(0, 40))).ToString("R", CultureInfo.InvariantCulture),
        2 => random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture) + Pick(new[] { "", "k", "m", "K", "M", "e3", "e99" }),
        3 => new decimal(random.Next(), random.Next(), random.Next(), random.Next(2) == 0, (byte)random.Next(0, 29)).ToString(CultureInfo.InvariantCulture),
        4 => "1" + new string('0', random.Next(1, 60)),
        _ => random.Next(-10, 100_000).ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Puts an invisible, combining or direction character, or a homoglyph, somewhere in the line.</summary>
    private string Decorate(string line)
    {
        string[] inserts = ["\u200B", "\u200D", "\u2060", "\uFEFF", "\u0301", "\u202E", "\u2067", "\u202A", "\u200F", "а", "\u00A0"];
        var at = random.Next(line.Length + 1);
        // Never split a surrogate pair: that would make a different, broken line than the grammar meant.
        if (at > 0 && at < line.Length && char.IsLowSurrogate(line[at])) at++;
        return line.Insert(Math.Min(at, line.Length), Pick(inserts));
    }

    [GeneratedRegex(@"^\S+( \S+)*? <[^>]*>")]
    private static partial Regex HeadOfAlternatives();

    [GeneratedRegex(@"([a-z][a-z-]+) <([^>]+)>")]
    private static partial Regex KeywordPair();

    [GeneratedRegex(@"^[A-Z]{1,3}-\d+$")]
    private static partial Regex IdShape();

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d$|^\d{1,2}:\d\d$")]
    private static partial Regex DateShape();

    [GeneratedRegex(@"^\d[\d,.]*[km]?$")]
    private static partial Regex NumberShape();

    [GeneratedRegex(@"\[[^\]]*\]|<[^>]*>|""[^""]*""|\S+")]
    private static partial Regex UsagePart();

    [GeneratedRegex(@"<([^>]*)>")]
    private static partial Regex PlaceholderFill();
}
