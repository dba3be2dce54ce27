using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Crm.Bot.Hosting;

/// <summary>
/// Log lines of a command-line run: "warning: message", never an exception's stack trace (the
/// exception's own message is kept). --verbose switches back to the normal console format.
/// </summary>
public sealed class CliLogFormatter() : ConsoleFormatter(FormatterName)
{
    public const string FormatterName = "cli";

    public override void Write<TState>(in LogEntry<TState> logEntry, Microsoft.Extensions.Logging.IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel.ToString().ToLowerInvariant();
        textWriter.WriteLine(logEntry.Exception is { } e ? $"{level}: {message} ({e.Message})" : $"{level}: {message}");
    }
}
