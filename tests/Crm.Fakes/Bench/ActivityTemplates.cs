using Crm.Domain.Demo;
using Crm.Testing.Teams;

namespace Crm.Fakes.Bench;

/// <summary>
/// One group-chat mention per user, shaped by <see cref="TeamsActivityFactory"/> as Teams sends it, with
/// holes (@@id@@, @@time@@, @@chat@@, @@text@@) that the load generator's Lua script fills per request.
/// </summary>
internal static class ActivityTemplates
{
    public static IEnumerable<string> For(TeamsActivityFactory factory, IEnumerable<DemoUser> users) =>
        users.Select(user =>
        {
            var activity = factory.GroupChatMention(user, "19:bench-chat-@@chat@@@thread.v2", "@@text@@", id: "@@id@@");
            activity["timestamp"] = "@@time@@";
            return activity.ToJsonString();
        });
}
