using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Testing.Logging;

/// <summary>
/// A logger provider that keeps every formatted line a host writes (at the levels its configuration
/// lets through), so tests can check what reaches the log: no secrets, no personal data, no floods.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<CapturedLine> _lines = new();

    public IReadOnlyList<CapturedLine> Lines => _lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(CapturedLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue(new CapturedLine(logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception)));
    }
}

public sealed record CapturedLine(LogLevel Level, string Category, string Message);
