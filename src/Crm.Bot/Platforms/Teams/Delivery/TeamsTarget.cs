namespace Crm.Bot.Platforms.Teams;

/// <summary>Where one outbox message goes in Teams, or why it cannot go anywhere.</summary>
internal sealed record TeamsTarget(TeamsConversationReference? Reference, string? ConversationId, string? Problem, string RosterKey = "")
{
    public static TeamsTarget Unusable(string problem) => new(null, null, problem);
}
