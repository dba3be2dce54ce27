using System.Collections.Concurrent;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The Teams users recently active in each conversation (at most 60, the card refresh limit), so a
/// channel card refreshes automatically into each of their own permitted views.
/// </summary>
internal sealed class TeamsConversationRoster
{
    private readonly ConcurrentDictionary<string, LinkedList<string>> _seen = new(StringComparer.Ordinal);

    public void Saw(string conversationKey, string? userId)
    {
        if (string.IsNullOrEmpty(userId)) return;
        var users = _seen.GetOrAdd(conversationKey, _ => new LinkedList<string>());
        lock (users)
        {
            users.Remove(userId);
            users.AddFirst(userId);
            while (users.Count > CardRefresh.MaxUserIds)
                users.RemoveLast();
        }
    }

    public IReadOnlyList<string> UsersIn(string conversationKey)
    {
        if (!_seen.TryGetValue(conversationKey, out var users)) return [];
        lock (users)
            return users.ToList();
    }
}
