using System.ComponentModel.DataAnnotations;

namespace Crm.Bot.Pipeline.Identity;

/// <summary>Settings of the command pipeline (section "Pipeline").</summary>
public sealed class PipelineOptions
{
    public const string Section = "Pipeline";

    /// <summary>How long a resolved identity and role are reused before the directory is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan IdentityCacheTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long read-only commands reuse a channel's binding (and so its clearance) before reading it
    /// again. Bindings changed on this host apply at once; on other hosts within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ChannelCacheTtl { get; set; } = TimeSpan.FromSeconds(30);
}
