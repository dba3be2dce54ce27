using Crm.Domain.Common;

namespace Crm.Bot.Delivery;

/// <summary>
/// Where the answer to a request goes, as data the pipeline hands to the <see cref="IAnswerRouting"/> of
/// <see cref="Platform"/> when it stores the answer: each platform has its own address record.
/// </summary>
public abstract record ReplyAddress(Platform Platform)
{
    /// <summary>
    /// Set when the edge may give the answer in its HTTP response (a Slack slash command or form, a Teams
    /// card action): decided once, when the pipeline stores the answer. Null: the answer is always stored.
    /// </summary>
    public AnswerTiming? Timing { get; init; }
}
