using Crm.Bot.Cli;
using Crm.Bot.Pipeline;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary><c>manifest teams --app-id &lt;id&gt; --base-url &lt;url&gt; --out crm-bot.zip</c>: builds the uploadable app package.</summary>
internal sealed class TeamsManifestVerb(CommandCatalog catalog, IOptions<TeamsOptions> options) : ICliVerb
{
    public string Name => "manifest teams";

    public string Summary => "build the Teams app package (manifest and icons) as a zip";

    public CliDatabaseUse Database => CliDatabaseUse.None;

    public string Help => """
        Usage: manifest teams --app-id <bot app id> --base-url https://bot.example.com [--link-domain crm.example.com] [--out crm-bot.zip]

        Writes the Microsoft Teams app package: manifest.json (manifest 1.19, the bot in personal, team and
        group chat scopes, its command list from the bot's commands, and a message extension that finds
        customers from the compose box and unfurls links to customer pages) with color.png and outline.png.
        --app-id is the Microsoft App ID of the Azure Bot registration (the same as Teams:AppId).
        --base-url is the bot's public https address (its /api/messages is the messaging endpoint).
        --link-domain is the host whose customer links unfurl; it defaults to the host of
        Teams:CustomerLinkPattern, else crm.example.com.
        Upload the zip in Teams: Apps → Manage your apps → Upload an app, or as a Teams admin: Teams admin
        center → Teams apps → Manage apps → Upload new app. Then add the app to a team: it introduces itself.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        var parsed = CliArguments.Parse(args, ["--app-id", "--base-url", "--link-domain", "--out"], [], out var error);
        if (parsed is null || parsed.Positional.Count > 0)
        {
            await output.WriteLineAsync($"{error ?? $"Unexpected argument '{parsed!.Positional[0]}'."}\n\n{Help}");
            return 2;
        }
        var appId = parsed.Option("--app-id");
        if (!Guid.TryParse(appId, out var id) || id == Guid.Empty)
        {
            await output.WriteLineAsync($"--app-id must be the bot's Microsoft App ID, a GUID such as 0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b (got '{appId ?? "nothing"}').");
            return 2;
        }
        var baseUrl = parsed.Option("--base-url");
        if (baseUrl is null || !Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || uri.Query.Length > 0)
        {
            await output.WriteLineAsync($"--base-url must be the bot's public https URL, e.g. https://bot.example.com (got '{baseUrl ?? "nothing"}'). Teams calls only https endpoints.");
            return 2;
        }
        var linkDomain = parsed.Option("--link-domain") ?? new CustomerLinks(options.Value.CustomerLinkPattern).Domain ?? TeamsManifest.ExampleLinkDomain;
        if (Uri.CheckHostName(linkDomain) is not (UriHostNameType.Dns or UriHostNameType.IPv4))
        {
            await output.WriteLineAsync($"--link-domain must be a host name such as crm.example.com, without scheme or path (got '{linkDomain}').");
            return 2;
        }
        var path = Path.GetFullPath(parsed.Option("--out") ?? "crm-bot.zip");
        var manifest = TeamsManifest.Build(id.ToString(), uri.GetLeftPart(UriPartial.Path), catalog, linkDomain);
        await using (var file = File.Create(path))
            TeamsManifest.WritePackage(file, manifest);
        await output.WriteLineAsync($"Wrote {path}. Upload it in Teams: Apps → Manage your apps → Upload an app. Messaging endpoint: {uri.GetLeftPart(UriPartial.Path).TrimEnd('/')}{TeamsActivityEndpoint.Route}");
        return 0;
    }
}
