using Crm.Bot.Delivery;
using Crm.Domain.Outbox;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Sends the outbox rows this host claimed for immediate Teams answers, and records the outcome.</summary>
internal sealed class TeamsOutboundWorker(
    TeamsOutboundQueue queue,
    IServiceScopeFactory scopes,
    TeamsMessageTransport transport,
    TimeProvider time,
    ILogger<TeamsOutboundWorker> logger) : BackgroundService
{
    private const int Senders = 4;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Senders).Select(_ => SendLoopAsync(stoppingToken)));

    private async Task SendLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await SendAsync(id, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // The row stays claimed until its claim runs out; then the dispatcher retries it.
                    logger.LogError(e, "Sending Teams outbox message {Id} failed", id);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task SendAsync(long id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        var message = await db.Outbox.FirstOrDefaultAsync(o => o.Id == id, cancellationToken);
        if (message is null || !ClaimedOutbox.IsOurs(message))
            return;
        var replaces = message.ReplacesMessageId is { } r ? await db.Outbox.FirstOrDefaultAsync(o => o.Id == r, cancellationToken) : null;

        var result = await transport.SendAsync(message, Reply.FromJson(message.ReplyJson), replaces, cancellationToken);
        ClaimedOutbox.Record(message, result, time.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
    }
}
