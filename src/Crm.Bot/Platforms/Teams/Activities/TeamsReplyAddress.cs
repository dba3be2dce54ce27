using Crm.Bot.Delivery;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Where the answer to one Teams activity goes (see <see cref="TeamsAnswerRouting"/>): what the activity said about its conversation.</summary>
/// <param name="ChannelId">The conversation's channel row, when it has one.</param>
/// <param name="CommandLine">The command, for offering each viewer of a channel answer their own view.</param>
/// <param name="Here">The conversation the activity came from: the sender posts answers into it without looking it up.</param>
internal sealed record TeamsReplyAddress(
    string Tenant,
    string ActivityId,
    bool IsPersonal,
    string? UserObjectId,
    string? UserName,
    string? ConversationId,
    long? ChannelId,
    string CommandLine,
    TeamsTarget Here) : ReplyAddress(Platform.Teams)
{
    /// <summary>A card refresh: one viewer's own version of a card already posted.</summary>
    public bool IsRefresh { get; init; }

    public static TeamsReplyAddress For(TeamsActivity activity, long? channelId, string commandLine) => new(
        activity.TenantId!,
        activity.Id!,
        activity.IsPersonal,
        activity.From?.AadObjectId,
        activity.From?.Name,
        activity.Conversation?.Id,
        channelId,
        commandLine,
        new TeamsTarget(TeamsConversationReference.From(activity), activity.Conversation?.Id, null, TeamsConversationStore.ChannelKey(activity) ?? ""));
}
