namespace Crm.Jobs.Hosting;

/// <summary>
/// <c>Host:Role</c> = all | chat | jobs. A jobs host runs the job server and no chat endpoints, so
/// jobs scale apart from chat; a chat host enqueues jobs for the jobs hosts to run.
/// </summary>
public sealed class HostRoleOptions
{
    public const string Section = "Host";

    public HostRole Role { get; set; } = HostRole.All;

    public bool RunsJobs => Role is HostRole.All or HostRole.Jobs;

    public bool ServesChat => Role is HostRole.All or HostRole.Chat;
}
