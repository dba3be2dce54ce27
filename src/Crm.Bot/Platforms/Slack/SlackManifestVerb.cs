using Crm.Bot.Cli;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary><c>manifest slack --base-url https://bot.example.com</c>: prints the app manifest for that host.</summary>
internal sealed class SlackManifestVerb(IOptions<SlackOptions> options) : ICliVerb
{
    public string Name => "manifest slack";

    public string Summary => "print the Slack app manifest for a public base URL";

    public CliDatabaseUse Database => CliDatabaseUse.None;

    public string Help => """
        Usage: manifest slack --base-url https://bot.example.com [--unfurl-domain crm.example.com]

        Prints the Slack app manifest (JSON) with the /crm command, events and interactivity URLs under
        the base URL. Paste it at https://api.slack.com/apps → Create New App → From an app manifest.
        The unfurl domain defaults to the host of Slack:CustomerLinkPattern, else crm.example.com.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        string? baseUrl = null;
        var unfurl = new CustomerLinks(options.Value.CustomerLinkPattern).Domain ?? SlackManifest.ExampleUnfurlDomain;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--base-url" when i + 1 < args.Count:
                    baseUrl = args[++i];
                    break;
                case "--unfurl-domain" when i + 1 < args.Count:
                    unfurl = args[++i].Trim().ToLowerInvariant();
                    break;
                default:
                    await output.WriteLineAsync($"Unknown or incomplete option '{args[i]}'.\n\n{Help}");
                    return 2;
            }
        }
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0)
        {
            await output.WriteLineAsync($"--base-url must be the bot's public https URL, e.g. https://bot.example.com (got '{baseUrl ?? "nothing"}'). Slack calls only https URLs.");
            return 2;
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(unfurl, @"^(?![.\-])[-a-z0-9.]+[a-z0-9]$"))
        {
            await output.WriteLineAsync($"--unfurl-domain must be a host name such as crm.example.com (got '{unfurl}').\n\n{Help}");
            return 2;
        }
        await output.WriteAsync(SlackManifest.ToText(SlackManifest.Build(uri.GetLeftPart(UriPartial.Path), unfurl)));
        return 0;
    }
}
