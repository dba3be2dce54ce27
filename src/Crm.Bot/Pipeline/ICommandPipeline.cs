using Crm.Domain.Replies;

namespace Crm.Bot.Pipeline;

/// <summary>The one way into the bot: parse → resolve identity → authorize → execute → Reply.</summary>
public interface ICommandPipeline
{
    Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken);
}
