using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Testing.Logging;

/// <summary>
/// A logger provider that keeps every formatted line a host writes at or above <paramref name="minimum"/>
/// (and at the levels its configuration lets through), so tests can check what reaches the log: no
/// secrets, no personal data, no floods, no errors. A high minimum keeps long runs (the fuzzers) cheap.
/// </summary>
public sealed class CapturedLogs(LogLevel minimum = LogLevel.Trace) : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();

    public IReadOnlyList<CapturedLine> Lines => _lines.ToArray();

    /// <summary>Every line at Error or above, as one string each (level, category, message and exception).</summary>
    public IReadOnlyList<string> Errors =>
        _lines.Where(l => l.Level >= LogLevel.Error).Select(l => $"{l.Level} {l.Category}: {l.Message}").ToList();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= owner.Minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner._lines.Enqueue(new CapturedLine(logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception), exception));
        }
    }

    private LogLevel Minimum => minimum;
}

public sealed record CapturedLine(LogLevel Level, string Category, string Message, Exception? Exception = null);
