namespace Crm.Jobs;

/// <summary>Hangfire queues, most urgent first: a server takes reminders before digests.</summary>
public static class JobQueues
{
    public const string Reminders = "reminders";
    public const string Digests = "digests";
    public const string Default = "default";

    public static readonly string[] All = [Reminders, Digests, Default];
}
