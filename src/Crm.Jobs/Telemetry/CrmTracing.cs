using System.Diagnostics;
using Crm.Domain.Common;

namespace Crm.Jobs.Telemetry;

/// <summary>
/// The spans the product adds to ASP.NET Core's, HttpClient's and Npgsql's: a command through the
/// pipeline, a send of a stored message, a job. Attributes say platform, verb, outcome and clearance;
/// never a person, a message text, an address or a secret (<see cref="Tags"/> is the whole list).
/// Creating a span costs nothing while no exporter listens.
/// </summary>
public static class CrmTracing
{
    public const string SourceName = "Crm.Bot";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>A platform as spans and metrics name it: one constant string each, nothing allocated per request.</summary>
    public static string PlatformTag(Platform platform) => platform switch
    {
        Platform.Slack => "slack",
        Platform.Teams => "teams",
        Platform.Console => "console",
        Platform.Cli => "cli",
        _ => "other",
    };

    /// <summary>The attribute names the product sets; tests check that nothing else appears.</summary>
    public static class Tags
    {
        public const string Platform = "crm.platform";
        public const string Verb = "crm.verb";
        public const string Outcome = "crm.outcome";
        public const string Clearance = "crm.clearance";
        public const string Role = "crm.role";
        public const string Kind = "crm.kind";
        public const string Count = "crm.count";
    }
}
