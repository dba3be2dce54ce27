using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Maps a verified Teams activity to the neutral request the pipeline understands.</summary>
internal static class TeamsChatRequests
{
    /// <summary>Read-only verbs whose channel answers may offer each viewer their own view.</summary>
    private static readonly HashSet<string> ViewerRefreshVerbs = new(StringComparer.OrdinalIgnoreCase) { "show", "find", "timeline" };

    public static ChatRequest From(TeamsActivity activity, string commandLine, bool fromButton, ReplyVisibility? visibility = null) =>
        new(
            Platform.Teams,
            activity.TenantId!,
            TeamsConversationStore.ChannelKey(activity),
            // The Entra ID object id only: from.id and from.name are not who someone is.
            activity.From?.AadObjectId ?? "",
            commandLine,
            $"teams:{activity.Id}",
            visibility ?? (activity.IsPersonal ? ReplyVisibility.Private : ReplyVisibility.Channel))
        {
            ChannelName = activity.ChannelData?.Channel?.Name ?? activity.ChannelData?.Team?.Name ?? activity.Conversation?.Name,
            FromButton = fromButton,
        };

    public static bool AllowsViewerRefresh(string commandLine) => ViewerRefreshVerbs.Contains(TeamsCommandText.Verb(commandLine));
}
