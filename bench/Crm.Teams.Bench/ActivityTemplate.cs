using System.Text;
using System.Text.RegularExpressions;
using Crm.Domain.Demo;
using Crm.Testing.Teams;

namespace Crm.Teams.Bench;

/// <summary>
/// The group-chat mention the load posts, shaped once by <see cref="TeamsActivityFactory"/> and then
/// filled in per request (activity id, time, chat, customer number) as UTF-8 pieces, so the load
/// generator spends the machine's cores on posting, not on building JSON trees.
/// </summary>
internal sealed partial class ActivityTemplate
{
    private const string IdHole = "@@id@@", TimeHole = "@@time@@", ChatHole = "@@chat@@", NumberHole = "@@number@@";
    private readonly List<(byte[] Literal, string? Hole)> _parts = [];

    public ActivityTemplate(TeamsActivityFactory factory, DemoUser user)
    {
        var activity = factory.GroupChatMention(user, $"19:bench-chat-{ChatHole}@thread.v2", $"show C-{NumberHole}", id: IdHole);
        activity["timestamp"] = TimeHole;
        var json = activity.ToJsonString();
        var at = 0;
        foreach (Match hole in Holes().Matches(json))
        {
            _parts.Add((Encoding.UTF8.GetBytes(json[at..hole.Index]), hole.Value));
            at = hole.Index + hole.Length;
        }
        _parts.Add((Encoding.UTF8.GetBytes(json[at..]), null));
    }

    public byte[] Fill(string id, DateTimeOffset time, int chat, long number)
    {
        var body = new MemoryStream(1024);
        Span<byte> value = stackalloc byte[64];
        foreach (var (literal, hole) in _parts)
        {
            body.Write(literal);
            if (hole is null) continue;
            var ok = hole switch
            {
                IdHole => Encoding.UTF8.TryGetBytes(id, value, out var n) ? n : -1,
                TimeHole => time.TryFormat(value, out var n, "O") ? n : -1,
                ChatHole => chat.TryFormat(value, out var n) ? n : -1,
                _ => number.TryFormat(value, out var n) ? n : -1,
            };
            body.Write(value[..ok]);
        }
        return body.ToArray();
    }

    [GeneratedRegex("@@(id|time|chat|number)@@")]
    private static partial Regex Holes();
}
