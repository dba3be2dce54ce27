namespace Crm.Bot.Platforms.Teams;

/// <summary>How the bot asks Microsoft Graph who a Teams user is.</summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>Defaults to <c>Teams:AppId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>Defaults to <c>Teams:AppPassword</c>.</summary>
    public string? ClientSecret { get; set; }

    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>How long a looked-up identity is used without asking Graph again.</summary>
    public int CacheMinutes { get; set; } = 5;

    /// <summary>How old a cached identity may be and still be used while Graph cannot be reached.</summary>
    public int StaleIdentityMinutes { get; set; } = 60;

    /// <summary>The longest Retry-After the bot waits for inside a request; longer means "unavailable now".</summary>
    public int MaxRetryAfterSeconds { get; set; } = 3;
}
