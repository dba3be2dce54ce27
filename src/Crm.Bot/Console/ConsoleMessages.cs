using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>A reply as the page gets it: the neutral document (for the fallback text, buttons and redaction panel) and the platform's payload.</summary>
public sealed record ConsoleMessage(JsonNode? Reply, JsonNode? Rendered, string? RenderProblem);

/// <summary>Pairs a Reply with what the platform's own renderer makes of it.</summary>
public sealed class ConsoleMessages(IEnumerable<IReplyPreview> previews, ILogger<ConsoleMessages> log)
{
    private readonly IReadOnlyList<IReplyPreview> _previews = previews.ToList();

    public ConsoleMessage Present(Reply reply, Platform platform)
    {
        var neutral = JsonSerializer.SerializeToNode(reply, ReplyJson.Options);
        var preview = _previews.FirstOrDefault(p => p.Platform == platform);
        if (preview is null)
            return new ConsoleMessage(neutral, null, $"No {platform} renderer is registered in this host; showing the plain text.");
        try
        {
            return new ConsoleMessage(neutral, JsonNode.Parse(preview.RenderJson(reply)), null);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // A renderer bug must not hide the answer: show the fallback text and say why.
            var reference = Guid.NewGuid().ToString("N")[..8];
            log.LogError(e, "The {Platform} renderer failed for a console message (reference {Reference})", platform, reference);
            return new ConsoleMessage(neutral, null, $"The {platform} renderer failed (reference {reference}); showing the plain text.");
        }
    }
}
