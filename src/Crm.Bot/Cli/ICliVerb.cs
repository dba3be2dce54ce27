namespace Crm.Bot.Cli;

/// <summary>
/// One admin verb of the executable (<c>dotnet run --project src/Crm.Bot -- &lt;verb&gt;</c>).
/// Verbs are registered in DI; the runner finds them by name and answers <c>--help</c> from <see cref="Help"/>.
/// </summary>
public interface ICliVerb
{
    /// <summary>The first word(s) on the command line, e.g. "migrate", "import customers".</summary>
    string Name { get; }

    /// <summary>One line for the verb list.</summary>
    string Summary { get; }

    /// <summary>Full usage text shown for <c>--help</c>.</summary>
    string Help { get; }

    /// <summary>What the verb needs of the database; the runner prepares (or refuses) it before the verb runs.</summary>
    CliDatabaseUse Database => CliDatabaseUse.NeedsMigrated;

    /// <summary>Runs with the arguments after the verb's name; returns the process exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken);
}
