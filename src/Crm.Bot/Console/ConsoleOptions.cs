namespace Crm.Bot.TryIt;

/// <summary>The try-it console's switches (section "Console").</summary>
public sealed class ConsoleOptions
{
    public const string Section = "Console";

    /// <summary>
    /// Serve the console at "/". Unset means: on while neither Slack nor Teams is configured
    /// (the embedded demo), off once one of them is.
    /// </summary>
    public bool? Enabled { get; set; }

    /// <summary>
    /// Answer requests from other machines too. Off by default: the console lets anyone act as any
    /// demo user, so it is only for the person at this machine.
    /// </summary>
    public bool AllowRemote { get; set; }
}
