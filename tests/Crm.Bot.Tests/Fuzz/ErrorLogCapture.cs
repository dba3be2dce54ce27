using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>Collects every log line at Error or above, so a test can assert that none was written.</summary>
public sealed class ErrorLogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Errors { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(ErrorLogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
                owner.Errors.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
        }
    }
}
