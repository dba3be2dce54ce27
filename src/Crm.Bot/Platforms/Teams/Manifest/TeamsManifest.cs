using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Teams app package: manifest 1.19 (bot in personal, team and group chat scopes, its command
/// list generated from the command catalog; a message extension that finds customers from the compose box
/// and unfurls links to customer pages) plus the colour and outline icons.
/// </summary>
public static class TeamsManifest
{
    public const string ExampleAppId = "00000000-0000-0000-0000-000000000000";
    public const string ExampleBaseUrl = "https://bot.example.com";
    public const string AccentColor = "#3B5BDB";
    /// <summary>The link domain declared when no customer link pattern is configured (as Slack's manifest does).</summary>
    public const string ExampleLinkDomain = "crm.example.com";
    private const int MaxCommands = 10;

    /// <summary>The verbs people reach for first; Teams shows at most ten.</summary>
    private static readonly string[] Preferred = ["help", "show", "find", "note", "deal", "ticket", "invoice", "handoff", "task", "report", "whoami", "share", "follow"];

    /// <param name="linkDomain">The host of the CRM's customer pages (<c>Teams:CustomerLinkPattern</c>): links to it unfurl.</param>
    public static JsonObject Build(string appId, string baseUrl, CommandCatalog catalog, string linkDomain = ExampleLinkDomain)
    {
        var site = baseUrl.TrimEnd('/');
        return new JsonObject
        {
            ["$schema"] = "https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json",
            ["manifestVersion"] = "1.19",
            ["version"] = "1.0.0",
            ["id"] = appId,
            ["developer"] = new JsonObject
            {
                ["name"] = "Crm.Bot",
                ["websiteUrl"] = site,
                ["privacyUrl"] = $"{site}/privacy",
                ["termsOfUseUrl"] = $"{site}/terms",
            },
            ["name"] = new JsonObject { ["short"] = "CRM", ["full"] = "CRM: customers, deals, tickets and invoices in chat" },
            ["description"] = new JsonObject
            {
                ["short"] = "Look up and update customers without leaving Teams.",
                ["full"] = "CRM brings the company's customers into Teams: look them up, log notes, move deals, open tickets, " +
                           "mark invoices paid, hand customers between departments and get scheduled digests. What you see follows " +
                           "your role; cards posted into a channel show only what that channel's department may read.",
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = appId,
                ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
                ["commandLists"] = new JsonArray(new JsonObject
                {
                    ["scopes"] = new JsonArray("personal", "team", "groupChat"),
                    ["commands"] = Commands(catalog),
                }),
            }),
            ["composeExtensions"] = new JsonArray(new JsonObject
            {
                ["botId"] = appId,
                ["commands"] = new JsonArray(new JsonObject
                {
                    ["id"] = TeamsMessageExtensionHandler.SearchCommandId,
                    ["type"] = "query",
                    ["title"] = "Customers",
                    ["description"] = "Find a customer by name, domain, id or words from a note, and insert their card",
                    ["initialRun"] = false,
                    ["context"] = new JsonArray("compose", "commandBox"),
                    ["parameters"] = new JsonArray(new JsonObject
                    {
                        ["name"] = TeamsMessageExtensionHandler.QueryParameter,
                        ["title"] = "Customer",
                        ["description"] = "Name, domain, id (C-1001) or words from a note",
                        ["inputType"] = "text",
                    }),
                }),
                ["messageHandlers"] = new JsonArray(new JsonObject
                {
                    ["type"] = "link",
                    ["value"] = new JsonObject { ["domains"] = new JsonArray(linkDomain) },
                }),
            }),
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(new Uri(site).Host),
        };
    }

    public static string ToText(JsonObject manifest) =>
        manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    /// <summary>Writes the uploadable zip: manifest.json, color.png and outline.png at its root.</summary>
    public static void WritePackage(Stream destination, JsonObject manifest)
    {
        using var zip = new ZipArchive(destination, ZipArchiveMode.Create, leaveOpen: true);
        using (var writer = new StreamWriter(zip.CreateEntry("manifest.json").Open()))
            writer.Write(ToText(manifest));
        foreach (var icon in new[] { "color.png", "outline.png" })
        {
            using var source = typeof(TeamsManifest).Assembly.GetManifestResourceStream($"TeamsIcons.{icon}")
                               ?? throw new InvalidOperationException($"The {icon} icon is not embedded in the build.");
            using var entry = zip.CreateEntry(icon).Open();
            source.CopyTo(entry);
        }
    }

    private static JsonArray Commands(CommandCatalog catalog)
    {
        var byVerb = catalog.All.Select(c => c.Descriptor).GroupBy(d => d.Verb).ToDictionary(g => g.Key, g => g.OrderBy(d => d.Noun is null ? 0 : 1).First());
        var order = Preferred.Where(byVerb.ContainsKey).Concat(byVerb.Keys.Except(Preferred).Order(StringComparer.Ordinal));
        return new JsonArray(order.Take(MaxCommands).Select(verb =>
        {
            var d = byVerb[verb];
            var example = d.Examples.Count > 0 ? $" (e.g. {d.Examples[0]})" : "";
            var text = $"{char.ToUpperInvariant(d.Summary[0])}{d.Summary[1..]}{example}";
            return (JsonNode)new JsonObject { ["title"] = verb, ["description"] = text.Length <= 128 ? text : text[..127] + "…" };
        }).ToArray());
    }
}
