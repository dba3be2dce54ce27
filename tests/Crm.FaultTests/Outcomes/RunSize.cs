namespace Crm.FaultTests.Outcomes;

/// <summary>
/// The short form (the test run) by default; bench/faults/run.sh sets <c>CRM_FAULT_MENTIONS</c> for
/// the long form and <c>CRM_FAULT_REPORT</c> to collect each scenario's counts in a file.
/// </summary>
public static class RunSize
{
    public static int Mentions(int shortForm) =>
        int.TryParse(Environment.GetEnvironmentVariable("CRM_FAULT_MENTIONS"), out var n) && n > 0 ? n : shortForm;

    /// <summary>
    /// How long to wait for every answer: generous (outcomes are asserted, not speed: it outlasts a
    /// two-minute claim of a dead host, the longest a row may rightly wait), and growing with the
    /// answers one channel must take in turn at the platform's pace (Slack about 1 s, Teams 2 s per message).
    /// Waiting ends as soon as everything is delivered and nothing is left to send.
    /// </summary>
    public static TimeSpan Patience(int messagesPerChannel, double secondsEach = 1.0) =>
        TimeSpan.FromSeconds(150 + messagesPerChannel * secondsEach * 1.5);

    public static void Report(string scenario, string counts)
    {
        if (Environment.GetEnvironmentVariable("CRM_FAULT_REPORT") is { Length: > 0 } path)
            File.AppendAllText(path, $"| {scenario} | {counts} |\n");
    }
}
