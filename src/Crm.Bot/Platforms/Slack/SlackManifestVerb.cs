using Crm.Bot.Cli;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// <c>manifest slack --base-url https://bot.example.com</c>: prints the app manifest for that host;
/// <c>manifest slack --socket-mode</c>: the manifest of an app in Socket Mode (no URLs).
/// </summary>
internal sealed class SlackManifestVerb(IOptions<SlackOptions> options) : ICliVerb
{
    public string Name => "manifest slack";

    public string Summary => "print the Slack app manifest for a public base URL, or for Socket Mode";

    public CliDatabaseUse Database => CliDatabaseUse.None;

    public string Help => """
        Usage: manifest slack --base-url https://bot.example.com [--unfurl-domain crm.example.com]
               manifest slack --socket-mode [--unfurl-domain crm.example.com]

        Prints the Slack app manifest (JSON) with the /crm command, events and interactivity URLs under
        the base URL. Paste it at https://api.slack.com/apps → Create New App → From an app manifest.
        --socket-mode prints it for Socket Mode instead: no URLs (the host connects out to Slack with
        Slack:AppToken, so it needs no public address). The unfurl domain defaults to the host of
        Slack:CustomerLinkPattern, else crm.example.com.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        string? baseUrl = null;
        var socketMode = false;
        var unfurl = new CustomerLinks(options.Value.CustomerLinkPattern).Domain ?? SlackManifest.ExampleUnfurlDomain;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--base-url" when i + 1 < args.Count:
                    baseUrl = args[++i];
                    break;
                case "--socket-mode":
                    socketMode = true;
                    break;
                case "--unfurl-domain" when i + 1 < args.Count:
                    unfurl = args[++i].Trim().ToLowerInvariant();
                    break;
                default:
                    await output.WriteLineAsync($"Unknown or incomplete option '{args[i]}'.\n\n{Help}");
                    return 2;
            }
        }
        if (socketMode && baseUrl is not null)
        {
            await output.WriteLineAsync("--socket-mode takes no --base-url: in Socket Mode Slack reaches the bot over the connections it opens, e.g. " +
                                        "manifest slack --socket-mode; for HTTP give only --base-url https://bot.example.com.");
            return 2;
        }
        if (!socketMode && (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0))
        {
            await output.WriteLineAsync($"--base-url must be the bot's public https URL, e.g. https://bot.example.com (got '{baseUrl ?? "nothing"}'). Slack calls only https URLs. " +
                                        "Without a public address: --socket-mode.");
            return 2;
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(unfurl, @"^(?![.\-])[-a-z0-9.]+[a-z0-9]$"))
        {
            await output.WriteLineAsync($"--unfurl-domain must be a host name such as crm.example.com (got '{unfurl}').\n\n{Help}");
            return 2;
        }
        var manifest = socketMode ? SlackManifest.BuildForSocketMode(unfurl) : SlackManifest.Build(new Uri(baseUrl!).GetLeftPart(UriPartial.Path), unfurl);
        await output.WriteAsync(SlackManifest.ToText(manifest));
        return 0;
    }
}
