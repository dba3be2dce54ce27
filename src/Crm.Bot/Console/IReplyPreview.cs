using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>
/// Renders a Reply exactly as a platform would send it (Block Kit message JSON, an Adaptive Card),
/// so the console shows the real payload. Each platform registers one beside its renderer.
/// </summary>
public interface IReplyPreview
{
    Platform Platform { get; }

    /// <summary>The platform's message payload for this reply, as the JSON it would send.</summary>
    string RenderJson(Reply reply);
}
