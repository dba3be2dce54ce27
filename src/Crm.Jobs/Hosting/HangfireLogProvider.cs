using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Crm.Jobs.Hosting;

/// <summary>
/// Hangfire's logging goes through a process-wide provider. Where one process builds several hosts
/// (tests, the CLI beside a running host) an earlier host's logger factory may be disposed while
/// Hangfire still holds it; this provider then drops the line instead of failing the caller.
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name) => new Logger(factory, name);

    private sealed class Logger(ILoggerFactory factory, string name) : ILog
    {
        private ILogger? _logger;

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                _logger ??= factory.CreateLogger(name);
                var level = logLevel switch
                {
                    HangfireLevel.Trace => MsLevel.Trace,
                    HangfireLevel.Debug => MsLevel.Debug,
                    HangfireLevel.Info => MsLevel.Information,
                    HangfireLevel.Warn => MsLevel.Warning,
                    HangfireLevel.Error => MsLevel.Error,
                    _ => MsLevel.Critical,
                };
                if (messageFunc is null) return _logger.IsEnabled(level);
                if (_logger.IsEnabled(level)) _logger.Log(level, 0, messageFunc(), exception, (state, _) => state);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }
    }
}
