namespace Crm.Testing;

/// <summary>
/// Hangfire keeps its log provider in a static that points at the logger factory of the host that
/// configured it last. Once that host is disposed, the next host built in the same test process
/// would create its job storage through a disposed factory. A real process builds one host, so only
/// tests that build hosts one after another need to forget the stale provider first.
/// </summary>
public static class HangfireStatics
{
    public static void ForgetDisposedHostLogger() => Hangfire.Logging.LogProvider.SetCurrentLogProvider(null);
}
