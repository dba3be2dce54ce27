using System.IO.Compression;
using System.Text.Json.Nodes;
using Crm.Bot.Cli;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

public sealed class TeamsManifestTests
{
    private static readonly string CommittedPath = Path.Combine(OfficialSchemas.RepositoryRoot, "manifests", "teams", "manifest.json");

    private static CommandCatalog Catalog()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        // Commands take options (the principal cache's lifetime) through their constructors: the catalog needs configuration.
        var configuration = new ConfigurationBuilder().Build();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddCommandPipeline(configuration);
        return services.BuildServiceProvider().GetRequiredService<CommandCatalog>();
    }

    [Fact]
    public void CommittedManifest_IsTheOneGeneratedFromTheCommandCatalog()
    {
        var generated = TeamsManifest.ToText(TeamsManifest.Build(TeamsManifest.ExampleAppId, TeamsManifest.ExampleBaseUrl, Catalog()));
        // Regenerate after changing commands: CRM_WRITE_TEAMS_MANIFEST=1 dotnet test --filter TeamsManifestTests
        if (Environment.GetEnvironmentVariable("CRM_WRITE_TEAMS_MANIFEST") == "1")
            File.WriteAllText(CommittedPath, generated);

        Assert.Equal(generated, File.ReadAllText(CommittedPath));
    }

    [Fact]
    public void CommittedManifest_IsValidAgainstTheManifest119Schema()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(CommittedPath))!;

        Assert.Empty(OfficialSchemas.TeamsManifestErrors(manifest));
        Assert.Equal("1.19", manifest["manifestVersion"]!.ToString());
        var bot = manifest["bots"]![0]!;
        Assert.Equal(["personal", "team", "groupChat"], bot["scopes"]!.AsArray().Select(s => s!.ToString()));
        var commands = bot["commandLists"]![0]!["commands"]!.AsArray().Select(c => c!["title"]!.ToString()).ToList();
        Assert.Equal(10, commands.Count);
        Assert.Contains("show", commands);
        Assert.All(commands, c => Assert.NotNull(Catalog().Find(c, null)));
    }

    [Fact]
    public void SchemaCheck_CatchesAnInvalidManifest()
    {
        var manifest = JsonNode.Parse(File.ReadAllText(CommittedPath))!;
        manifest["bots"]![0]!["scopes"] = new JsonArray("everywhere");

        Assert.NotEmpty(OfficialSchemas.TeamsManifestErrors(manifest));
    }

    [Fact]
    public void ManifestSchema_UsesNoKeywordThatChangedAfterDraft04()
    {
        var schema = JsonNode.Parse(File.ReadAllText(OfficialSchemas.SchemaPath("teams-app-manifest-1.19.json")));

        Assert.Empty(OfficialSchemas.KeywordsChangedSinceDraft04(schema));
        Assert.NotEmpty(OfficialSchemas.KeywordsChangedSinceDraft04(JsonNode.Parse("""{"properties":{"a":{"id":"x","exclusiveMinimum":true}}}""")));
    }

    [Fact]
    public async Task ManifestVerb_WritesAnUploadableZip()
    {
        var verb = new TeamsManifestVerb(Catalog(), Microsoft.Extensions.Options.Options.Create(new TeamsOptions()));
        var path = Path.Combine(Path.GetTempPath(), $"crm-bot-{Guid.NewGuid():N}.zip");
        var output = new StringWriter();

        var exit = await verb.RunAsync(["--app-id", "0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b", "--base-url", "https://crm-bot.contoso.example", "--out", path], output, default);

        Assert.Equal(0, exit);
        using var zip = ZipFile.OpenRead(path);
        Assert.Equal(["color.png", "manifest.json", "outline.png"], zip.Entries.Select(e => e.FullName).Order());
        using var reader = new StreamReader(zip.GetEntry("manifest.json")!.Open());
        var manifest = JsonNode.Parse(await reader.ReadToEndAsync())!;
        Assert.Empty(OfficialSchemas.TeamsManifestErrors(manifest));
        Assert.Equal("0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b", manifest["bots"]![0]!["botId"]!.ToString());
        Assert.Equal("crm-bot.contoso.example", manifest["validDomains"]![0]!.ToString());
        Assert.True(zip.GetEntry("color.png")!.Length > 0);
        File.Delete(path);
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid", "--base-url", "https://bot.example.com")]
    [InlineData("--app-id", "0b8f9c1e-7a2d-4e5f-9a61-2c3d4e5f6a7b", "--base-url", "http://bot.example.com")]
    [InlineData("--base-url", "https://bot.example.com", "--colour", "red", "x")]
    public async Task ManifestVerb_RefusesBadArguments_SayingWhatIsWrong(params string[] args)
    {
        var output = new StringWriter();

        var exit = await new TeamsManifestVerb(Catalog(), Microsoft.Extensions.Options.Options.Create(new TeamsOptions())).RunAsync(args, output, default);

        Assert.Equal(2, exit);
        Assert.Contains("--", output.ToString());
    }
}
