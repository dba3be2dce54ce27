namespace Crm.Jobs.Hosting;

/// <summary>What a host runs: chat endpoints, background jobs, or both (the default).</summary>
public enum HostRole
{
    All,
    Chat,
    Jobs,
}
