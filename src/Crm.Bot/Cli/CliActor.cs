namespace Crm.Bot.Cli;

/// <summary>Who runs an admin verb, for the audit trail: the operating-system account at the console.</summary>
public static class CliActor
{
    public static string Current => $"cli:{Environment.UserName}@{Environment.MachineName}";
}
