using Crm.Bot.Delivery;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>Where a console exchange is kept (see <see cref="ConsoleChannelPosts"/>): the session's channel timeline.</summary>
/// <param name="Visibility">Whether the line itself was posted into the channel.</param>
/// <param name="Line">The line as the person typed it.</param>
/// <param name="ChannelId">The channel's row, when it has one.</param>
public sealed record ConsoleReplyAddress(ConsoleSession Session, string RequestKey, ReplyVisibility Visibility, string Line, long? ChannelId)
    : ReplyAddress(Platform.Console);
