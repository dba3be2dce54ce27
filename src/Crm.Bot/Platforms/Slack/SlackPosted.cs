namespace Crm.Bot.Platforms.Slack;

/// <summary>Where a posted message landed: the conversation (a DM's D… id for user targets) and its ts.</summary>
public sealed record SlackPosted(string Channel, string Ts)
{
    /// <summary>Stored as the outbox row's ExternalMessageId, so a later chat.update knows both parts.</summary>
    public string ExternalId => $"{Channel}/{Ts}";

    public static bool TryParse(string? externalId, out string channel, out string ts)
    {
        channel = ts = "";
        var slash = externalId?.IndexOf('/') ?? -1;
        if (slash <= 0 || slash == externalId!.Length - 1) return false;
        channel = externalId[..slash];
        ts = externalId[(slash + 1)..];
        return true;
    }
}
