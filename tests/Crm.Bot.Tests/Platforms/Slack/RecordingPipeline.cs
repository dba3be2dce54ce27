using System.Collections.Concurrent;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>
/// Stands in for the command pipeline in edge-only tests: records what the Slack edge handed over and
/// answers with a reply that names the command, so tests can see which request produced which answer.
/// </summary>
public sealed class RecordingPipeline : ICommandPipeline
{
    public ConcurrentQueue<ChatRequest> Requests { get; } = new();

    /// <summary>When set, every run waits for it (a slow database or directory).</summary>
    public TaskCompletionSource? Gate { get; set; }

    public Func<ChatRequest, Reply>? Answer { get; set; }

    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        Requests.Enqueue(request);
        if (Gate is { } gate) await gate.Task.WaitAsync(cancellationToken);
        return Answer?.Invoke(request) ?? new Reply
        {
            Visibility = request.Visibility,
            FallbackText = $"ran: {request.Text}",
            Blocks = [new TextBlock($"ran: {request.Text}")],
        };
    }
}
