using Crm.Domain.Storage;
using Microsoft.Extensions.Logging;

namespace Crm.Jobs.Hosting;

/// <summary>
/// Lets a Hangfire job look before it queries: while the database is not migrated (a host started
/// with Storage:MigrateOnStart=false before `migrate` ran) jobs skip their run, and the host says so
/// once per start instead of logging a failed query with a stack trace every run. Once the database
/// was seen ready it is not looked at again: this build's migrations do not go away while it runs.
/// </summary>
public sealed class JobDatabaseGate(ILogger<JobDatabaseGate> log)
{
    /// <summary>How long a postponed one-off job (a task reminder) waits before it looks again.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(5);

    private volatile bool _ready;
    private int _said;

    /// <summary>True when the job may run; false (said once per start) when the database is not ready.</summary>
    public async Task<bool> ReadyAsync(CrmDbContext db, string job, CancellationToken cancellationToken)
    {
        if (_ready) return true;
        var check = await DatabaseState.CheckAsync(db, cancellationToken);
        if (check.Status == DatabaseStatus.Ready)
        {
            _ready = true;
            return true;
        }
        if (Interlocked.Exchange(ref _said, 1) == 0)
            log.LogWarning("Background jobs ({Job} first) skip their runs while the database is {State}; reminders are postponed, not dropped",
                job, check.Describe());
        return false;
    }
}
