using Crm.Bot.Cli;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Cli;

public sealed class AskCliVerbTests : IAsyncLifetime
{
    private PipelineHarness _h = null!;

    public async Task InitializeAsync() => _h = await PipelineHarness.CreateAsync();

    public async Task DisposeAsync() => await _h.DisposeAsync();

    private async Task<(int Code, string Output)> AskAsync(params string[] args)
    {
        var verb = _h.Services.GetServices<ICliVerb>().OfType<AskCliVerb>().Single();
        var output = new StringWriter();
        var code = await verb.RunAsync(args, output, CancellationToken.None);
        return (code, output.ToString());
    }

    [Fact]
    public async Task Ask_PrintsWhatTheRoleSees()
    {
        var (code, text) = await AskAsync("--as", "ava@example.com", "show", "acme");
        Assert.Equal(0, code);
        Assert.Contains("Acme renewal", text);
        Assert.DoesNotContain("INV-1001", text);
        Assert.Contains("[for ava@example.com: shows basic, contact, commercial, support summary;", text);
    }

    [Fact]
    public async Task Ask_WithChannel_RendersAtTheChannelsClearance()
    {
        var (_, text) = await AskAsync("--as", "eve@example.com", "--channel", "slack:T0DEMO:C0MKT", "show acme");
        Assert.DoesNotContain("Acme renewal", text);
        Assert.Contains("posted into #marketing, bound to Marketing", text);
    }

    [Fact]
    public async Task Ask_Save_WritesEveryFileTheReplyCarries_AndPrintsTheirPaths()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"crm-ask-{Guid.NewGuid():N}");
        try
        {
            var (code, text) = await AskAsync("--as", "max@example.com", "--save", folder, "report pipeline");
            Assert.Equal(0, code);
            var chart = Path.Combine(folder, "pipeline-chart.png");
            Assert.Contains($"saved {chart}", text);
            Assert.Equal((800, 400), Crm.Testing.PngHeader.Size(await File.ReadAllBytesAsync(chart)));

            // The same name again is kept beside the first, never over it.
            (_, text) = await AskAsync("--as", "max@example.com", "--save", folder, "report pipeline");
            Assert.Contains($"saved {Path.Combine(folder, "pipeline-chart (2).png")}", text);

            (code, text) = await AskAsync("--as", "max@example.com", "--save", folder, "report pipeline", "xlsx");
            Assert.Equal(0, code);
            var saved = Assert.Single(text.Split('\n'), l => l.StartsWith("saved ", StringComparison.Ordinal))["saved ".Length..].Trim();
            Assert.EndsWith(".xlsx", saved);
            using var zip = System.IO.Compression.ZipFile.OpenRead(saved);
            Assert.NotNull(zip.GetEntry("xl/workbook.xml"));
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ask_Json_NamesEachFile_WithItsMediaTypeAndSize_AndWithSave_ItsPath()
    {
        var (_, json) = await AskAsync("--as", "max@example.com", "--json", "report pipeline csv");
        var file = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(json)!["files"]!.AsArray())!;
        Assert.Matches(@"^pipeline-report-.*\.csv$", (string)file["name"]!);
        Assert.Equal("text/csv", (string)file["mediaType"]!);
        Assert.True((long)file["size"]! > 0);
        Assert.Null(file["content"]);
        Assert.Null(file["path"]);

        var folder = Path.Combine(Path.GetTempPath(), $"crm-ask-{Guid.NewGuid():N}");
        try
        {
            (_, json) = await AskAsync("--as", "max@example.com", "--json", "--save", folder, "report pipeline");
            var chart = Assert.Single(System.Text.Json.Nodes.JsonNode.Parse(json)!["files"]!.AsArray())!;
            Assert.Equal(("pipeline-chart.png", "image/png"), ((string)chart["name"]!, (string)chart["mediaType"]!));
            var path = (string)chart["path"]!;
            Assert.Equal((long)chart["size"]!, new FileInfo(path).Length);
            Assert.Equal(Reply.FromJson(json).Files!.Single().Id.ToString(), (string)chart["id"]!);
        }
        finally
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Ask_Json_IsTheNeutralReply()
    {
        var (_, json) = await AskAsync("--as", "fiona@example.com", "--json", "invoice acme");
        var reply = Reply.FromJson(json);
        Assert.Contains(reply.Blocks.OfType<TableBlock>().Single().Rows, r => r[0] == "INV-1001");
    }

    [Fact]
    public async Task Ask_WithTheSameKey_ChangesOnce()
    {
        await AskAsync("--as", "ava@example.com", "--key", "k1", "note acme Once");
        await AskAsync("--as", "ava@example.com", "--key", "k1", "note acme Once");
        await using var db = _h.Db();
        Assert.Equal(1, await db.Timeline.CountAsync());
    }

    [Theory]
    [InlineData(2, "show acme")]
    [InlineData(2, "--as", "ava@example.com")]
    [InlineData(2, "--as", "ava@example.com", "--channel", "nonsense", "show acme")]
    [InlineData(1, "--as", "ava@example.com", "invoice INV-1001 paid")]
    public async Task Ask_ExitCodes_SayWhatHappened(int expected, params string[] args) =>
        Assert.Equal(expected, (await AskAsync(args)).Code);
}
