using Crm.Domain.Replies;

namespace Crm.Bot.Delivery;

/// <summary>
/// Decides, exactly once, whether an answer goes back in the edge's HTTP response (the pipeline reached
/// its save within the edge's budget) or is stored to be sent (it did not). The pipeline asks when it
/// stores the answer, before its save; the edge asks when its budget runs out.
/// </summary>
/// <param name="inlineWhen">Only answers this accepts may go inline (a Slack form shows only errors in the
/// form); others are stored however fast they are. Null: any answer.</param>
/// <param name="restFollows">Whether parts after the first that the HTTP response cannot hold are stored
/// to follow it (not for a Slack form's error nor a Teams card refresh, which show one part only).</param>
public sealed class AnswerTiming(Func<Reply, bool>? inlineWhen = null, bool restFollows = true)
{
    private readonly Lock _gate = new();
    private bool? _inline;
    private (Reply Reply, object Parts)? _rendered;

    public bool RestFollows => restFollows;

    /// <summary>True once decided that the HTTP response carries the answer.</summary>
    public bool IsInline
    {
        get { lock (_gate) return _inline == true; }
    }

    /// <summary>Pipeline side: true when the HTTP response will carry the answer; false when the answer must be stored.</summary>
    public bool TryAnswerInline(Reply reply)
    {
        lock (_gate)
        {
            if (_inline is { } decided) return decided;
            if (inlineWhen is not null && !inlineWhen(reply)) return (_inline = false).Value;
            // An export is uploaded into the asker's direct messages, which an HTTP response cannot do.
            if (reply.HasExports) return (_inline = false).Value;
            return (_inline = true).Value;
        }
    }

    /// <summary>
    /// Routing side: the platform parts it rendered <paramref name="reply"/> into while deciding whether a rest row
    /// follows, kept so that the edge answers with the first of them instead of rendering the answer again.
    /// </summary>
    public void KeepRendered<TPart>(Reply reply, IReadOnlyList<TPart> parts) where TPart : class
    {
        lock (_gate) _rendered = (reply, parts);
    }

    /// <summary>
    /// Edge side: the first part kept for this very <paramref name="reply"/> (the same instance, so never a part of
    /// another answer), or null when none was kept and the edge must render it.
    /// </summary>
    public TPart? FirstRendered<TPart>(Reply reply) where TPart : class
    {
        lock (_gate)
            return _rendered is { } kept && ReferenceEquals(kept.Reply, reply) && kept.Parts is IReadOnlyList<TPart> { Count: > 0 } parts
                ? parts[0]
                : null;
    }

    /// <summary>Edge side, once its budget ran out: true when the answer was not decided inline and will be stored instead.</summary>
    public bool TryGoLate()
    {
        lock (_gate) return !(_inline ??= false);
    }
}
