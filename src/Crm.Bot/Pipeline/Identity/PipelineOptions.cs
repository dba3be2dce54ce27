using System.ComponentModel.DataAnnotations;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>Settings of the command pipeline (section "Pipeline").</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>How long a resolved identity and role are reused before the directory is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan IdentityCacheTtl { get; set; } = TimeSpan.FromMinutes(5);
}
