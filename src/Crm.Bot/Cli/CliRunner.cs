using Crm.Bot.Storage;
using Crm.Domain.Common;
using Microsoft.Data.Sqlite;

namespace Crm.Bot.Cli;

/// <summary>
/// Dispatches the admin command line to the registered verbs. Every verb meets the database the same
/// way (see <see cref="CliDatabaseGate"/>), and no failure reaches the terminal as a stack trace:
/// the message is shown, and the trace only with --verbose.
/// </summary>
public sealed class CliRunner(IEnumerable<ICliVerb> verbs, CliDatabaseGate gate, StorageChoice storage)
{
    /// <summary>The first line of the verb list, also quoted by the README.</summary>
    public const string UsageLine = "Usage: dotnet run --project src/Crm.Bot -- <verb> [options]   (no verb runs the bot)";

    private readonly IReadOnlyList<ICliVerb> _verbs = verbs.OrderBy(v => v.Name, StringComparer.Ordinal).ToList();

    public IReadOnlyList<ICliVerb> Verbs => _verbs;

    public static bool IsHelp(string arg) => arg is "--help" or "-h" or "help";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken cancellationToken,
        bool verbose = false)
    {
        if (args.Count == 0 || IsHelp(args[0]))
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

        // A verb that fails on a fresh embedded database must not leave an empty crm.db behind.
        var newFile = verb.Database != CliDatabaseUse.None && storage.SqlitePath is { } file && !File.Exists(file) ? file : null;
        var exit = 1;
        try
        {
            if (verb.Database is CliDatabaseUse.NeedsMigrated or CliDatabaseUse.NeedsMigratedBringsCustomers &&
                await gate.PrepareAsync(error, seedDemo: verb.Database == CliDatabaseUse.NeedsMigrated, cancellationToken) is { } notReady)
            {
                await error.WriteLineAsync(notReady);
                return exit = 1;
            }
            return exit = await verb.RunAsync(rest, output, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync($"{verb.Name}: cancelled.");
            return exit = 130;
        }
        catch (Exception e)
        {
            // DomainException messages are written for people; anything else is named by its message alone.
            await error.WriteLineAsync(e is DomainException ? e.Message : $"{verb.Name} failed: {Innermost(e).Message}");
            if (verbose) await error.WriteLineAsync(e.ToString());
            else await error.WriteLineAsync("(run again with --verbose for the details)");
            return exit = 1;
        }
        finally
        {
            if (exit != 0 && newFile is not null && File.Exists(newFile) && new FileInfo(newFile).Length == 0)
            {
                SqliteConnection.ClearAllPools();
                File.Delete(newFile);
            }
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null && e is AggregateException or System.Reflection.TargetInvocationException) e = e.InnerException;
        return e;
    }

    private static bool Matches(string name, IReadOnlyList<string> args)
    {
        var words = name.Split(' ');
        return words.Length <= args.Count &&
               words.Select((w, i) => string.Equals(w, args[i], StringComparison.OrdinalIgnoreCase)).All(m => m);
    }

    private void WriteVerbList(TextWriter writer)
    {
        writer.WriteLine(UsageLine);
        writer.WriteLine();
        foreach (var verb in _verbs)
            writer.WriteLine($"  {verb.Name,-22} {verb.Summary}");
        writer.WriteLine();
        writer.WriteLine("Add --help after a verb for its options; --verbose shows framework logs and error details.");
    }
}
