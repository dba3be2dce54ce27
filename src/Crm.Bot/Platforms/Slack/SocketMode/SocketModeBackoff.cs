namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>
/// How long a Socket Mode connection waits before it tries again after a failure: 1 s doubling up to 60 s, each
/// wait drawn between half and all of that ("equal jitter"), so hosts that lost Slack together do not return together.
/// </summary>
internal static class SocketModeBackoff
{
    public static readonly TimeSpan First = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Longest = TimeSpan.FromSeconds(60);

    /// <param name="failures">Failures in a row, 1 for the first.</param>
    public static TimeSpan Delay(int failures, Random random)
    {
        var ceiling = Math.Min(Longest.TotalMilliseconds, First.TotalMilliseconds * Math.Pow(2, Math.Clamp(failures - 1, 0, 16)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}
