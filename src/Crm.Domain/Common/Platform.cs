namespace Crm.Domain.Common;

/// <summary>Where a request came from or a message goes to.</summary>
public enum Platform
{
    Cli,
    Console,
    Slack,
    Teams,
}
