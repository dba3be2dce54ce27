using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

public sealed class GraphOptionsValidator : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        var failures = new List<string>();
        TeamsOptionsValidator.CheckUrl("Graph:BaseUrl", options.BaseUrl, failures);
        if (options.CacheMinutes is < 0 or > 1440)
            failures.Add($"Graph:CacheMinutes must be between 0 and 1440 (got {options.CacheMinutes}).");
        if (options.StaleIdentityMinutes < options.CacheMinutes)
            failures.Add($"Graph:StaleIdentityMinutes ({options.StaleIdentityMinutes}) must not be shorter than Graph:CacheMinutes ({options.CacheMinutes}).");
        if (options.MaxRetryAfterSeconds is < 0 or > 10)
            failures.Add($"Graph:MaxRetryAfterSeconds must be between 0 and 10 (got {options.MaxRetryAfterSeconds}): Teams waits 15 s for an answer.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
