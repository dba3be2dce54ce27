using Crm.Testing.Logging;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// Inputs at the edges of their types, each answered with a clear message that says what was wrong,
/// never with the unexpected-error reply or an Error log line, and without changing anything.
/// </summary>
public sealed class EdgeInputTests : IAsyncLifetime
{
    private readonly CapturedLogs _errors = new();
    private PipelineHarness _harness = null!;

    public async Task InitializeAsync() =>
        _harness = await PipelineHarness.CreateAsync(services => services.AddLogging(l => l.AddProvider(_errors)));

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Theory]
    [InlineData("ava@example.com", "deal D-1001 amount 79228162514264337593543950335k", "amount")]
    [InlineData("ava@example.com", "deal D-1001 amount 9223372036854775807m", "amount")]
    [InlineData("ava@example.com", "deal D-1001 amount 1e400", "amount")]
    [InlineData("ava@example.com", "new deal acme \"Edge\" 79228162514264337593543950336", "amount")]
    [InlineData("ava@example.com", "new customer \"Edge Ltd\" domain http://[", "domain")]
    [InlineData("ava@example.com", "new customer \"Edge Ltd\" domain https://[::1", "domain")]
    [InlineData("ava@example.com", "deal D-1001 close 9999-12-31", "")]
    [InlineData("ava@example.com", "deal D-1001 close 0001-01-01", "")]
    [InlineData("ava@example.com", "deal D-1001 close 10000-01-01", "date")]
    [InlineData("ava@example.com", "task acme max@example.com edge due 9999-12-31 23:59", "")]
    [InlineData("ava@example.com", "task acme max@example.com edge due in 3650 months", "")]
    [InlineData("ava@example.com", "task K-9223372036854775807 done", "K-9223372036854775807")]
    [InlineData("ava@example.com", "show C-99999999999999999999", "")]
    [InlineData("max@example.com", "digest add pipeline monthly 2147483648 09:00", "")]
    [InlineData("max@example.com", "digest remove 9223372036854775808", "")]
    public async Task EdgeInput_GetsAClearAnswer(string email, string command, string mentions)
    {
        var reply = await _harness.AskAsync(email, command);

        Assert.DoesNotContain("Something went wrong", reply.FallbackText);
        Assert.Contains(mentions, reply.FallbackText, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(_errors.Errors);
    }

    [Fact]
    public async Task HalfASurrogatePair_IsStoredAsAReplacementCharacter()
    {
        // Built at run time: attribute arguments cannot carry half a surrogate pair (JSON can: "\ud800").
        var reply = await _harness.AskAsync("ava@example.com", "note acme half " + '\uD800' + " a pair");

        Assert.Equal(ReplyTone.Success, reply.Tone);
        Assert.Empty(_errors.Errors);
        await using var db = _harness.Db();
        Assert.Contains(await db.Timeline.Select(t => t.Text).ToListAsync(), text => text.Contains("half \uFFFD a pair"));
    }

    [Theory]
    [InlineData("deal D-1001 close 9999-12-31")]
    [InlineData("task acme max@example.com edge due 9999-12-31 23:59")]
    public async Task ARecordAtTheEdgeOfTime_StillShowsOnTheCardAndTheTimeline(string command)
    {
        await _harness.AskAsync("ava@example.com", command);

        foreach (var read in new[] { "show acme", "timeline acme", "find acme" })
        {
            var reply = await _harness.AskAsync("ava@example.com", read);
            Assert.False(reply.FallbackText.Contains("Something went wrong"),
                $"{read}: {string.Join("\n", _errors.Lines.Where(l => l.Exception is not null).Select(l => l.Exception!.ToString()[..Math.Min(1500, l.Exception!.ToString().Length)]))}");
        }
        Assert.Empty(_errors.Errors);
    }
}
