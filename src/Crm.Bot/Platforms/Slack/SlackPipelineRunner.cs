using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Claims a delivery, then runs it through the one pipeline. A repeat yields null: nothing runs twice.</summary>
public sealed class SlackPipelineRunner(ICommandPipeline pipeline, ILogger<SlackPipelineRunner> log)
{
    public async Task<Reply?> RunOnceAsync(string deliveryKey, ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            // The pipeline claims the delivery: a change before it starts, a read together with its audit row.
            return await RunAsync(request with { DeliveryKey = deliveryKey }, cancellationToken);
        }
        catch (DuplicateDeliveryException)
        {
            log.LogInformation("Ignored a repeated Slack delivery {Key}", deliveryKey);
            return null;
        }
    }

    /// <summary>Runs without claiming (the caller already did, or the request changes nothing).</summary>
    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await pipeline.RunAsync(request, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not DuplicateDeliveryException)
        {
            // The pipeline answers expected failures itself; this is the unexpected, shown with a reference.
            var reference = Guid.NewGuid().ToString("N")[..8];
            log.LogError(e, "Slack request {Key} failed (reference {Reference})", request.IdempotencyKey, reference);
            return Reply.Error($"Something went wrong on our side (reference {reference}). Nothing was changed by the failed step; please try again.");
        }
    }
}
