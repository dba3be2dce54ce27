namespace Crm.Bot.Cli;

/// <summary>Dispatches the admin command line to the registered verbs.</summary>
public sealed class CliRunner(IEnumerable<ICliVerb> verbs)
{
    private readonly IReadOnlyList<ICliVerb> _verbs = verbs.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<ICliVerb> Verbs => _verbs;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
        {
            WriteVerbList(output);
            return 0;
        }

        // Longest name first, so "import customers" wins over a hypothetical "import".
        var verb = _verbs
            .OrderByDescending(v => v.Name.Length)
            .FirstOrDefault(v => Matches(v.Name, args));
        if (verb is null)
        {
            await error.WriteLineAsync($"Unknown verb '{string.Join(' ', args.Take(2))}'.");
            WriteVerbList(error);
            return 2;
        }

        var rest = args.Skip(verb.Name.Split(' ').Length).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            await output.WriteLineAsync(verb.Help);
            return 0;
        }
        return await verb.RunAsync(rest, output, cancellationToken);
    }

    private static bool Matches(string name, IReadOnlyList<string> args)
    {
        var words = name.Split(' ');
        return words.Length <= args.Count &&
               words.Select((w, i) => string.Equals(w, args[i], StringComparison.OrdinalIgnoreCase)).All(m => m);
    }

    private void WriteVerbList(TextWriter writer)
    {
        writer.WriteLine("Usage: dotnet run --project src/Crm.Bot -- <verb> [options]   (no verb runs the bot)");
        writer.WriteLine();
        foreach (var verb in _verbs)
            writer.WriteLine($"  {verb.Name,-22} {verb.Summary}");
        writer.WriteLine();
        writer.WriteLine("Add --help after a verb for its options.");
    }
}
