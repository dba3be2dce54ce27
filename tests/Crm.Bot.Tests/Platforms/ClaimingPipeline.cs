using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms;

/// <summary>
/// Wraps an edge test's recording pipeline with the real <see cref="DeliveryClaims"/> (the database
/// every host shares), keeping the pipeline's contract: a repeated delivery is refused with
/// <see cref="DuplicateDeliveryException"/> before the recording pipeline sees it.
/// </summary>
public sealed class ClaimingPipeline(ICommandPipeline inner, DeliveryClaims claims) : ICommandPipeline
{
    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (request.DeliveryKey is { } key && !await claims.TryClaimAsync(key, cancellationToken))
            throw new DuplicateDeliveryException(key);
        return await inner.RunAsync(request, cancellationToken);
    }
}
