using Crm.Testing.Logging;
using System.Collections.Concurrent;
using System.Diagnostics;
using Crm.Bot.Pipeline;
using Crm.Bot.Platforms.Slack;
using Crm.Bot.Tests.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Demo;
using Crm.Domain.Replies;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Crm.Bot.Tests.Fuzz;

/// <summary>
/// The grammar fuzzer: at least 10,000 generated commands, round robin over every command of the
/// catalog, asked by every demo user (and someone unmapped) privately and in channels, through the
/// real pipeline on PostgreSQL. Not one may reach the unexpected-error path: no "Something went
/// wrong" reply, no exception, no log line at Error. CRM_FUZZ_SEED and CRM_FUZZ_COUNT override the
/// seed and the count; the seed is printed on failure.
/// </summary>
public sealed class CommandFuzzTests(ITestOutputHelper output)
{
    private const string Unexpected = "Something went wrong";

    [Fact]
    public async Task GeneratedCommands_FromEveryUser_NeverReachTheUnexpectedErrorPath()
    {
        var seed = FuzzSeed.Value;
        var count = FuzzSeed.Count(10_000);
        var errors = new CapturedLogs(LogLevel.Error);
        await using var harness = await PipelineHarness.CreateAsync(services => services.AddLogging(l => l.AddProvider(errors)));
        var catalog = harness.Services.GetRequiredService<CommandCatalog>();
        var grammar = new CommandGrammar(new Random(seed), catalog.All.Select(c => c.Descriptor).ToList());
        var random = new Random(seed ^ 0x5EED);
        var requests = Enumerable.Range(0, count).Select(i => Request(grammar.Next(i), random, i)).ToList();
        Assert.Equal(catalog.Verbs.Count, requests.Select(r => r.Text.Split(' ')[0].ToLowerInvariant()).Intersect(catalog.Verbs).Count());

        var failures = new ConcurrentQueue<string>();
        var answered = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (request, _) =>
        {
            try
            {
                var reply = await harness.RunAsync(request);
                if (reply.FallbackText.Contains(Unexpected, StringComparison.Ordinal))
                    failures.Enqueue($"{Describe(request)} → {reply.FallbackText}");
                // What the pipeline answers must also render: Block Kit rendering is where odd text would break next.
                new BlockKitRenderer().Render(reply);
                Interlocked.Increment(ref answered);
            }
            catch (Exception e)
            {
                failures.Enqueue($"{Describe(request)} threw {e.GetType().Name}: {e.Message}");
            }
        });
        output.WriteLine($"{count} commands (seed {seed}) in {clock.Elapsed.TotalSeconds:F1} s; {answered} answered");

        var problems = failures.Concat(errors.Errors).ToList();
        Assert.True(problems.Count == 0,
            $"Seed {seed} (rerun with CRM_FUZZ_SEED={seed}): {failures.Count} commands failed, {errors.Errors.Count} Error log lines. First ones:\n" +
            string.Join("\n", problems.Take(25).Select(p => p.Length > 600 ? p[..600] + "…" : p)));
    }

    private static readonly string[] ChannelIds = ["C0SALES", "C0MKT", "C0GENERAL"];

    /// <summary>Every demo user (and a stranger) by e-mail in the console or by Slack id, privately or into a channel.</summary>
    private static ChatRequest Request(string text, Random random, int index)
    {
        var users = DemoDirectory.Users;
        var which = random.Next(users.Count + 1);
        var key = $"fuzz-{index}";
        if (which == users.Count)
            return new ChatRequest(Platform.Slack, DemoDirectory.SlackWorkspace, null, "U0STRANGER", text, key, ReplyVisibility.Private);
        var user = users[which];
        var channel = random.Next(3) == 0 ? ChannelIds[random.Next(ChannelIds.Length)] : null;
        var visibility = channel is not null && random.Next(2) == 0 ? ReplyVisibility.Channel : ReplyVisibility.Private;
        if (random.Next(2) == 0)
            return new ChatRequest(Platform.Slack, DemoDirectory.SlackWorkspace, channel, user.SlackUserId, text, key, visibility);
        // The console resolves people by e-mail; its requests name a Slack channel as the CLI's --channel does.
        return new ChatRequest(Platform.Console, "console", channel, user.Email, text, key, visibility)
        {
            ChannelPlatform = channel is null ? null : Platform.Slack,
            ChannelWorkspace = channel is null ? null : DemoDirectory.SlackWorkspace,
        };
    }

    private static string Describe(ChatRequest request)
    {
        var text = request.Text.Length > 200 ? request.Text[..200] + "…" : request.Text;
        var escaped = string.Concat(text.Select(c => c < 0x20 || c is >= '\u007F' and <= '\u00A0' || char.IsSurrogate(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format
            ? $"\\u{(int)c:X4}" : c.ToString()));
        return $"[{request.Platform} {request.UserId}{(request.ChannelId is null ? "" : " in " + request.ChannelId)}] {escaped}";
    }
}
