using Crm.Domain.Access;

namespace Crm.Bot.Pipeline;

/// <summary>All commands, queryable: by verb and noun for dispatch, by principal for help, by name for suggestions.</summary>
public sealed class CommandCatalog
{
    private readonly IReadOnlyList<ICommand> _commands;

    public CommandCatalog(IEnumerable<ICommand> commands)
    {
        _commands = commands.OrderBy(c => c.Descriptor.Verb, StringComparer.Ordinal)
            .ThenBy(c => c.Descriptor.Noun ?? "", StringComparer.Ordinal).ToList();
        var clash = _commands.GroupBy(c => c.Descriptor.Name).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
            throw new InvalidOperationException($"Two commands are registered as '{clash.Key}'.");
    }

    public IReadOnlyList<ICommand> All => _commands;

    public IReadOnlyList<string> Verbs => _commands.Select(c => c.Descriptor.Verb).Distinct().ToList();

    public IReadOnlyList<CommandDescriptor> VisibleTo(Principal principal) =>
        _commands.Select(c => c.Descriptor).Where(d => d.VisibleTo(principal)).ToList();

    public IReadOnlyList<ICommand> ForVerb(string verb) =>
        _commands.Where(c => c.Descriptor.Verb.Equals(verb, StringComparison.OrdinalIgnoreCase)).ToList();

    /// <summary>The command for a verb and the word after it: a noun command when one matches, else the verb's own.</summary>
    public ICommand? Find(string verb, string? nextWord)
    {
        var forVerb = ForVerb(verb);
        return forVerb.FirstOrDefault(c => c.Descriptor.Noun is { } noun && noun.Equals(nextWord, StringComparison.OrdinalIgnoreCase))
               ?? forVerb.FirstOrDefault(c => c.Descriptor.Noun is null);
    }

    /// <summary>The known verb closest to a mistyped one, if any is close enough to be a likely typo.</summary>
    public string? Suggest(string word)
    {
        var lower = word.ToLowerInvariant();
        return Verbs
            .Select(v => (Verb: v, Distance: Distance(lower, v)))
            .Where(x => x.Distance <= Math.Max(2, x.Verb.Length / 3) || x.Verb.StartsWith(lower, StringComparison.Ordinal) && lower.Length >= 2)
            .OrderBy(x => x.Distance)
            .Select(x => x.Verb)
            .FirstOrDefault();
    }

    /// <summary>Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps.</summary>
    internal static int Distance(string a, string b)
    {
        if (a.Length > 64) a = a[..64];
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
