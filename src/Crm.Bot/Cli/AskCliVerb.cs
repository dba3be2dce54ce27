using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Cli;

/// <summary>
/// Runs one chat command as a given person through the same pipeline as Slack and Teams, so an admin
/// can check what a role sees. With --channel the answer is rendered as posted into that channel.
/// </summary>
public sealed class AskCliVerb(IServiceScopeFactory scopes) : ICliVerb
{
    public string Name => "ask";

    public string Summary => "run a chat command as someone: ask --as ava@example.com \"show acme\"";

    public string Help => """
        Usage: ask --as <email> [--channel <platform>:<workspace>:<channel>] [--json] [--save <dir>] [--key <idempotency key>] "<command>"

        Runs <command> through the same pipeline as a chat message, as the person with that e-mail,
        and prints the reply as text (or, with --json, the neutral Reply document, whose "files" name
        each file the reply carries with its name, media type and size).
          --save     write every file the reply carries (charts, exports) into <dir> and print their
                     paths (with --json: as each file's "path")
          --channel  render the answer as posted into that channel, at its clearance
                     (e.g. slack:T0DEMO:C0SALES, teams:11111111-2222-4333-8444-555555555555:19:finance@thread.tacv2)
          --key      reuse an idempotency key: a repeated change returns the first answer and changes nothing
        Exit code: 0 answered, 1 the answer is an error or a denial, 2 bad arguments.
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken cancellationToken)
    {
        string? email = null, channel = null, key = null, save = null;
        var json = false;
        var words = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--as" when i + 1 < args.Count: email = args[++i]; break;
                case "--channel" when i + 1 < args.Count: channel = args[++i]; break;
                case "--key" when i + 1 < args.Count: key = args[++i]; break;
                case "--save" when i + 1 < args.Count: save = args[++i]; break;
                case "--json": json = true; break;
                default:
                    if (args[i].StartsWith("--", StringComparison.Ordinal) && words.Count == 0)
                        return await Fail(output, $"Unknown or incomplete option '{args[i]}'.");
                    words.Add(args[i]);
                    break;
            }
        }
        if (email is null) return await Fail(output, "--as <email> is required.");
        if (words.Count == 0) return await Fail(output, "Give the command to run, e.g. \"show acme\".");

        var request = new ChatRequest(Platform.Cli, "cli", null, email.Trim(), string.Join(' ', words), key ?? $"cli-{Guid.NewGuid():N}", ReplyVisibility.Private);
        if (channel is not null)
        {
            var parts = channel.Split(':', 3);
            if (parts.Length != 3 || !Enum.TryParse<Platform>(parts[0], true, out var platform) || parts[0].Any(char.IsDigit) || parts[1].Length == 0 || parts[2].Length == 0)
                return await Fail(output, $"--channel '{channel}' is not platform:workspace:channel (e.g. slack:T0DEMO:C0SALES).");
            request = request with { ChannelId = parts[2], Visibility = ReplyVisibility.Channel };
            request = request with { ChannelPlatform = platform, ChannelWorkspace = parts[1] };
        }

        await using var scope = scopes.CreateAsyncScope();
        var reply = await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, cancellationToken);
        var saved = save is null ? [] : ReplyFileSaver.Save(reply, save);
        if (json)
            await output.WriteLineAsync(ReplyFileSaver.WithPaths(reply.ToJson(), saved));
        else
        {
            await output.WriteAsync(ReplyTextRenderer.Render(reply));
            foreach (var (_, path) in saved) await output.WriteLineAsync($"saved {path}");
        }
        return reply.Tone is ReplyTone.Error or ReplyTone.Denied ? 1 : 0;
    }

    private static async Task<int> Fail(TextWriter output, string message)
    {
        await output.WriteLineAsync(message + " See `ask --help`.");
        return 2;
    }
}
