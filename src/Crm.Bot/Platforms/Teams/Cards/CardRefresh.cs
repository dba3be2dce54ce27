namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// A per-user refresh for a card posted into a channel: Teams runs <see cref="Command"/> for each
/// viewer (automatically for <see cref="UserIds"/>, on request for others) and shows them the view
/// their own permissions allow, while the posted card stays at the channel's clearance.
/// </summary>
internal sealed record CardRefresh(string Command, IReadOnlyList<string> UserIds)
{
    public const int MaxUserIds = 60;
}
