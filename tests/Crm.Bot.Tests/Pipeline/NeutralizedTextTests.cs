using System.Text.Json;
using Crm.Bot.Cli;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Platforms.Teams;
using Crm.Domain.Common;
using Crm.Domain.Customers.Csv;
using Crm.Domain.Identity;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Pipeline;

/// <summary>
/// Attack tests: text others will read loses its bidi controls and invisible characters wherever it
/// enters, not only on the command line: CSV imports, directory display names and card data.
/// </summary>
public sealed class NeutralizedTextTests
{
    private const string Spoofed = "Ro\u200Bot \u202Eexe.gnp\u202C Ad\u2066min\u2069\uFEFF";

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("ac\u200Bme", "acme")]
    [InlineData("\u202Egnp.exe\u202C", "gnp.exe")]
    [InlineData("a\u2066b\u2067c\u2068d\u2069e\u202Af\u202Bg\u202Dh", "abcdefgh")]
    [InlineData("zero\u200Cwidth\u200Djoin\u2060\u00ADs\u200E\u200F\u061C", "zerowidthjoins")]
    [InlineData("emoji \uD83D\uDE00 stays", "emoji \uD83D\uDE00 stays")]
    [InlineData("line\nbreak\ttab\u0007bell", "line\nbreak\ttabbell")]
    public void Neutralize_RemovesWhatHidesOrReordersText(string input, string expected) =>
        Assert.Equal(expected, UntrustedText.Neutralize(input));

    [Fact]
    public void BrokenSurrogates_BecomeReplacementCharacters()
    {
        // Built at run time: attribute arguments cannot carry half a surrogate pair.
        var broken = "half " + '\uD800' + " pair " + '\uDC00';
        Assert.Equal("half \uFFFD pair \uFFFD", UntrustedText.Neutralize(broken));
        Assert.Equal("half \uFFFD pair \uFFFD", UntrustedText.WellFormed(broken));
    }

    [Fact]
    public void Clip_NeverCutsAnEmojiInHalf()
    {
        var clipped = UntrustedText.Clip("ab\uD83D\uDE00cd", 4);
        Assert.Equal("ab…", clipped);
        Assert.Equal(clipped, UntrustedText.WellFormed(clipped));
    }

    [Fact]
    public void DirectoryDisplayName_IsNeutralized_ButTheFactsRolesMatchOnAreNot()
    {
        var user = new DirectoryUser("root.admin@example.com", Spoofed, "Fin\u200Bance", "CFO\u202E", ["CRM\u200B Finance"]);

        Assert.Equal("Root exe.gnp Admin", user.DisplayName);
        Assert.Equal("CFO", user.JobTitle);
        // Department and groups are matched against mapping rules: stripping would let "Fin\u200Bance" pass as Finance.
        Assert.Equal("Fin\u200Bance", user.Department);
        Assert.Equal("CRM\u200B Finance", user.Groups[0]);
        Assert.Equal("x@example.com", new DirectoryUser("x@example.com", "\u200B\u202E", null, null, []).DisplayName);
    }

    [Fact]
    public async Task DisplayNameFromTheDirectory_IsStoredNeutralized()
    {
        var directory = new OneUserDirectory(new DirectoryUser("ava@example.com", Spoofed, "Sales", null, []));
        await using var harness = await PipelineHarness.CreateAsync(s => s.AddSingleton<IDirectory>(directory));

        var reply = await harness.RunAsync(new ChatRequest(Platform.Teams, "tenant", null, "object-id", "whoami", harness.NextKey(), ReplyVisibility.Private));

        Assert.DoesNotContain('\u202E', reply.FallbackText);
        await using var db = harness.Db();
        var link = await db.UserLinks.SingleAsync(l => l.Platform == Platform.Teams);
        Assert.Equal("Root exe.gnp Admin", link.DisplayName);
    }

    [Fact]
    public async Task CsvImport_StoresNamesAndContactsNeutralized()
    {
        await using var harness = await PipelineHarness.CreateAsync();
        const string csv = "name,industry,contact_name,contact_email\n\"Glo\u200Bbex \u202Etd\u202C\",So\u2066ftware\u2069,\"Jane\u200D Roe\",jane@globex.example\n";
        await using (var db = harness.Db())
        {
            var report = await new CustomerCsvImporter(db, TimeProvider.System).ImportAsync(new StringReader(csv), false, "root@example.com", "import", CancellationToken.None);
            Assert.Equal(1, report.Applied);
        }

        await using var check = harness.Db();
        var customer = await check.Customers.SingleAsync(c => c.Name.StartsWith("Glo"));
        Assert.Equal("Globex td", customer.Name);
        Assert.Equal("Software", customer.Industry);
        Assert.Equal("Jane Roe", (await check.Contacts.SingleAsync(c => c.CustomerId == customer.Id)).Name);
    }

    [Fact]
    public void TeamsCardData_EnteredValuesAreNeutralized()
    {
        using var data = JsonDocument.Parse("""{"command":"note {customer} {text}","input_customer":"ac\u200bme","input_text":"pay \u202egnp.exe\u202c now"}""");

        // A value with spaces arrives quoted (FormFill), so it reads back as one value; the hidden characters are gone.
        Assert.Equal("note acme \"pay gnp.exe now\"", TeamsCommandText.FromActionData(data.RootElement));
    }

    [Theory]
    [InlineData("plain text", "plain text")]
    [InlineData("ro\u200Bot", "ro\uFFFDot")]
    [InlineData("\u202Egnp.exe\u202C", "\uFFFDgnp.exe\uFFFD")]
    [InlineData("line\r\nbreak\ttab\u0007bell", "line\nbreak\ttab\uFFFDbell")]
    [InlineData("emoji \uD83D\uDE00 stays", "emoji \uD83D\uDE00 stays")]
    public void Reveal_MarksWhatHidesOrReordersText_SoDifferentValuesLookDifferent(string input, string expected)
    {
        Assert.Equal(expected, UntrustedText.Reveal(input));
        Assert.False(UntrustedText.NeedsNeutralizing(UntrustedText.Reveal(input)));
    }

    [Fact]
    public void IdentifiersThatDifferOnlyByInvisibleCharacters_LookDifferentOnEveryPlatform()
    {
        // Group names and e-mails are matched exactly; a listing that silently dropped the zero-width
        // space would show two different rules as the same "CRM Finance".
        const string real = "CRM Finance", lookalike = "CRM\u200B Finance";

        Assert.NotEqual(SlackText.Mrkdwn(real), SlackText.Mrkdwn(lookalike));
        Assert.NotEqual(SlackText.Plain(real), SlackText.Plain(lookalike));
        Assert.NotEqual(CardText.Neutralise(real), CardText.Neutralise(lookalike));
        Assert.Equal("CRM\uFFFD Finance", CardText.Neutralise(lookalike));
        Assert.Equal("CRM\uFFFD Finance", SlackText.Mrkdwn(lookalike));
    }

    [Fact]
    public async Task NameStoredWithoutInputCleaning_IsRenderedWithoutBidiOrZeroWidthCharacters_OnEveryPlatform()
    {
        await using var harness = await PipelineHarness.CreateAsync();
        const string stored = "Acme \u202Eexe.gnp\u202C Lab\u200Bs";
        await using (var db = harness.Db())
        {
            // As an older row or a bulk path would have left it: straight into the table, no entity rules.
            var changed = await db.Customers.Where(c => c.Number == 1001).ExecuteUpdateAsync(u => u.SetProperty(c => c.Name, stored));
            Assert.Equal(1, changed);
        }

        var reply = await harness.AskAsync("root@example.com", "show C-1001");

        const string shown = "Acme \uFFFDexe.gnp\uFFFD Lab\uFFFDs";
        var slack = string.Join("\n", new BlockKitRenderer().Render(reply).Select(m => m.Text + "\n" + m.Blocks.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        var cards = string.Join("\n", new AdaptiveCardRenderer().Render(reply).Select(c => c.ToJsonObject().ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })));
        var plain = ReplyTextRenderer.Render(reply);
        Assert.Contains(stored, reply.FallbackText + string.Join("\n", reply.Blocks.Select(b => b.ToString())));
        foreach (var (platform, text) in new[] { ("Slack", slack), ("Teams", cards), ("plain text", plain) })
        {
            Assert.True(text.Contains(shown, StringComparison.Ordinal), $"{platform} does not show the name as {shown}: {text}");
            Assert.DoesNotContain('\u202E', text);
            Assert.DoesNotContain('\u202C', text);
            Assert.DoesNotContain("Lab\u200Bs", text, StringComparison.Ordinal);
        }
    }

    private sealed class OneUserDirectory(DirectoryUser user) : IDirectory
    {
        public Platform Platform => Platform.Teams;

        public Task<DirectoryLookup> LookupAsync(string workspace, string userId, CancellationToken cancellationToken) =>
            Task.FromResult(DirectoryLookup.Found(user));
    }
}
