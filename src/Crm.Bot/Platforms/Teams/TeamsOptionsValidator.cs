using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Refuses to start a host whose Teams or Graph settings are incomplete or unsafe, naming the key.</summary>
public sealed class TeamsOptionsValidator : IValidateOptions<TeamsOptions>
{
    public ValidateOptionsResult Validate(string? name, TeamsOptions options)
    {
        var failures = new List<string>();
        CheckUrl("Teams:OpenIdMetadataUrl", options.OpenIdMetadataUrl, failures);
        CheckUrl("Teams:TokenAuthority", options.TokenAuthority, failures);
        if (!string.IsNullOrWhiteSpace(options.CustomerLinkPattern) && !CustomerLinks.TryParsePattern(options.CustomerLinkPattern, out _, out var why))
            failures.Add($"Teams:CustomerLinkPattern {why}");
        if (!options.IsConfigured)
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        if (string.IsNullOrWhiteSpace(options.AppPassword))
            failures.Add("Teams:AppPassword is required when Teams:AppId is set (the bot registration's client secret; keep it in the environment or user-secrets).");
        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
            failures.Add($"Teams:TenantId '{options.TenantId}' is not a tenant id (a GUID); leave it empty for a multi-tenant bot.");
        if (options.EffectiveAllowedTenants.Count == 0)
            failures.Add("Teams:AllowedTenants must list at least one tenant id when Teams:TenantId is empty (multi-tenant): nobody would be let in.");
        foreach (var tenant in options.EffectiveAllowedTenants.Where(t => !Guid.TryParse(t, out _)))
            failures.Add($"Teams:AllowedTenants entry '{tenant}' is not a tenant id (a GUID).");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void CheckUrl(string key, string? url, List<string> failures)
    {
        if (!TeamsUrlRules.IsAcceptable(url, out var problem))
            failures.Add($"{key}: {problem}.");
    }
}
