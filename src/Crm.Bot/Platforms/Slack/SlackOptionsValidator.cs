using System.Net;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Refuses to start with Slack settings that are present but wrong; missing settings only disable Slack.</summary>
internal sealed class SlackOptionsValidator : IValidateOptions<SlackOptions>
{
    public ValidateOptionsResult Validate(string? name, SlackOptions options)
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(options.ApiBaseUrl, UriKind.Absolute, out var api))
            problems.Add($"Slack:ApiBaseUrl must be an absolute URL such as https://slack.com/api/ (got '{options.ApiBaseUrl}').");
        else if (api.Scheme != Uri.UriSchemeHttps && !(api.Scheme == Uri.UriSchemeHttp && IsLoopback(api)))
            problems.Add($"Slack:ApiBaseUrl must use https; plain http is allowed only for a loopback address (got '{options.ApiBaseUrl}').");

        if (!string.IsNullOrWhiteSpace(options.CustomerLinkPattern) && !CustomerLinks.TryParsePattern(options.CustomerLinkPattern, out _, out var why))
            problems.Add($"Slack:CustomerLinkPattern {why}");

        if (options.InlineReplyBudgetMs is < 50 or > 2500)
            problems.Add($"Slack:InlineReplyBudgetMs must be between 50 and 2500 so Slack always gets its answer within 3 s (got {options.InlineReplyBudgetMs}).");
        if (options.ApiTimeoutMs < 100)
            problems.Add($"Slack:ApiTimeoutMs must be at least 100 (got {options.ApiTimeoutMs}).");
        if (options.ApiMaxAttempts < 1)
            problems.Add($"Slack:ApiMaxAttempts must be at least 1 (got {options.ApiMaxAttempts}).");
        if (options.ChannelPostIntervalMs is { } ms)
            problems.Add($"Slack:ChannelPostIntervalMs is no longer read: the spacing of posts into a channel is Outbox:SlackChannelInterval, " +
                         $"a time span shared by every sender (for {ms} ms set Outbox:SlackChannelInterval={TimeSpan.FromMilliseconds(ms):c}).");
        if (!string.IsNullOrEmpty(options.SigningSecret) && string.IsNullOrEmpty(options.BotToken) && !options.IsOAuthConfigured)
            problems.Add("Slack:BotToken is missing: with Slack:SigningSecret set the bot must also be able to answer (xoxb-… from the app's OAuth page), " +
                         "or set Slack:ClientId and Slack:ClientSecret to install it into workspaces through /slack/install.");
        if (string.IsNullOrEmpty(options.ClientId) != string.IsNullOrEmpty(options.ClientSecret))
            problems.Add("Slack:ClientId and Slack:ClientSecret go together (both from the app's Basic Information page): set both or neither.");
        if (options.IsOAuthConfigured)
        {
            if (!Uri.TryCreate(options.AuthorizeUrl, UriKind.Absolute, out var authorize) ||
                (authorize.Scheme != Uri.UriSchemeHttps && !(authorize.Scheme == Uri.UriSchemeHttp && IsLoopback(authorize))))
                problems.Add($"Slack:AuthorizeUrl must be an https URL such as https://slack.com/oauth/v2/authorize (got '{options.AuthorizeUrl}').");
            if (!string.IsNullOrWhiteSpace(options.RedirectUrl) && !Uri.TryCreate(options.RedirectUrl, UriKind.Absolute, out _))
                problems.Add($"Slack:RedirectUrl must be an absolute URL ending in /slack/oauth/callback (got '{options.RedirectUrl}').");
        }
        // Socket Mode needs neither the signing secret (Slack authenticates the socket) nor a public address.
        if (options.SocketMode && !options.AppToken!.StartsWith("xapp-", StringComparison.Ordinal))
            problems.Add("Slack:AppToken must be an app-level token (xapp-…, from Basic Information → App-Level Tokens with the connections:write scope); " +
                         "it switches Socket Mode on. A bot token (xoxb-…) belongs in Slack:BotToken.");
        if (options.SocketMode && string.IsNullOrEmpty(options.BotToken) && !options.IsOAuthConfigured)
            problems.Add("Slack:BotToken is missing: with Slack:AppToken (Socket Mode) set the bot must also be able to answer (xoxb-… from the app's OAuth page), " +
                         "or set Slack:ClientId and Slack:ClientSecret to install it into workspaces through /slack/install.");

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
