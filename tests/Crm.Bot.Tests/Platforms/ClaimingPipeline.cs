using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms;

/// <summary>
/// Wraps an edge test's recording pipeline with the real <see cref="DeliveryClaims"/> and the real
/// <see cref="AnswerOutbox"/> (the database every host shares), keeping the pipeline's contract: a
/// repeated delivery is refused with <see cref="DuplicateDeliveryException"/> before the recording
/// pipeline sees it, and the answer is stored for its <see cref="ChatRequest.ReplyTo"/> and handed to the sender.
/// </summary>
public sealed class ClaimingPipeline(ICommandPipeline inner, DeliveryClaims claims, AnswerOutbox answers, CrmDbContext db) : ICommandPipeline
{
    /// <summary>The registration of a pipeline scoped like the real one, around <paramref name="inner"/>.</summary>
    public static Func<IServiceProvider, ICommandPipeline> Around(ICommandPipeline inner) => sp => new ClaimingPipeline(inner,
        sp.GetRequiredService<DeliveryClaims>(), sp.GetRequiredService<AnswerOutbox>(), sp.GetRequiredService<CrmDbContext>());

    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        if (request.DeliveryKey is { } key && !await claims.TryClaimAsync(key, cancellationToken))
            throw new DuplicateDeliveryException(key);
        var reply = await inner.RunAsync(request, cancellationToken);
        answers.Stage(request.ReplyTo, reply);
        if (answers.HasStaged)
        {
            await db.SaveChangesAsync(cancellationToken);
            answers.HandOff();
        }
        return reply;
    }
}
