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

    /// <summary>
    /// In a host: claims the delivery through the real <see cref="DeliveryClaims"/> (the database every
    /// host shares), as the real pipeline does, so a repeat is refused before anything is recorded.
    /// </summary>
    public ICommandPipeline ClaimingWith(DeliveryClaims claims) => new Claiming(this, claims);

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

    private sealed class Claiming(RecordingPipeline recording, DeliveryClaims claims) : ICommandPipeline
    {
        public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            if (request.DeliveryKey is { } key && !await claims.TryClaimAsync(key, cancellationToken))
                throw new DuplicateDeliveryException(key);
            return await recording.RunAsync(request, cancellationToken);
        }
    }
}
