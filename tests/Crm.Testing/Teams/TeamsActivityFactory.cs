using System.Text.Json.Nodes;
using Crm.Domain.Demo;

namespace Crm.Testing.Teams;

/// <summary>Activities shaped as Teams sends them (personal chat, channel mention, card actions, installs).</summary>
public sealed class TeamsActivityFactory(string serviceUrl, string appId)
{
    public const string BotName = "CRM";
    public const string TeamId = "19:team-general@thread.tacv2";
    public string BotId => $"28:{appId}";

    public static string TeamsUserId(DemoUser user) => $"29:{user.TeamsObjectId}";

    public JsonObject Personal(DemoUser user, string text, string? id = null) =>
        Base("message", user, Conversation("personal", $"a:personal-{user.TeamsObjectId}"), id, text: text);

    /// <summary>A channel post that mentions the bot: <c>&lt;at&gt;CRM&lt;/at&gt; show acme</c>, in a new thread.</summary>
    public JsonObject ChannelMention(DemoUser user, DemoChannel channel, string text, string? id = null)
    {
        id ??= NewId();
        return WithMention(Base("message", user, Conversation("channel", $"{channel.ExternalId};messageid={id}"), id, text: $"<at>{BotName}</at> {text}", channel: channel));
    }

    private JsonObject WithMention(JsonObject activity)
    {
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = $"<at>{BotName}</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
        });
        return activity;
    }

    /// <summary>A message in a group chat that mentions the bot (group chats deliver only those).</summary>
    public JsonObject GroupChatMention(DemoUser user, string chatId, string text, string? id = null) =>
        WithMention(Base("message", user, Conversation("groupChat", chatId), id, text: $"<at>{BotName}</at> {text}"));

    public JsonObject Submit(DemoUser user, JsonObject data, DemoChannel? channel = null, string? replyToId = null)
    {
        var activity = channel is null
            ? Base("message", user, Conversation("personal", $"a:personal-{user.TeamsObjectId}"), null)
            : Base("message", user, Conversation("channel", $"{channel.ExternalId};messageid=root1"), null, channel: channel);
        activity["value"] = data;
        activity["replyToId"] = replyToId ?? "card-1";
        return activity;
    }

    public JsonObject Execute(DemoUser user, string verb, JsonObject data, DemoChannel? channel = null)
    {
        var activity = channel is null
            ? Base("invoke", user, Conversation("personal", $"a:personal-{user.TeamsObjectId}"), null)
            : Base("invoke", user, Conversation("channel", $"{channel.ExternalId};messageid=root1"), null, channel: channel);
        activity["name"] = "adaptiveCard/action";
        activity["value"] = new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["id"] = "act", ["verb"] = verb, ["data"] = data },
            ["trigger"] = verb == "refresh" ? "automatic" : "manual",
        };
        return activity;
    }

    /// <summary>A message extension search typed in the compose box of a channel (or of the 1:1 chat with the bot).</summary>
    public JsonObject ComposeQuery(DemoUser user, string text, DemoChannel? channel = null) =>
        ComposeInvoke(user, "composeExtension/query", new JsonObject
        {
            ["commandId"] = "searchCustomers",
            ["parameters"] = new JsonArray(new JsonObject { ["name"] = "query", ["value"] = text }),
            ["queryOptions"] = new JsonObject { ["skip"] = 0, ["count"] = 25 },
        }, channel);

    /// <summary>An item picked from a search's list: Teams sends back the value of the preview's tap.</summary>
    public JsonObject ComposeSelect(DemoUser user, JsonObject tapValue, DemoChannel? channel = null) =>
        ComposeInvoke(user, "composeExtension/selectItem", tapValue, channel);

    /// <summary>A link pasted into the compose box whose domain the app's link message handler names.</summary>
    public JsonObject QueryLink(DemoUser user, string url, DemoChannel? channel = null) =>
        ComposeInvoke(user, "composeExtension/queryLink", new JsonObject { ["url"] = url }, channel);

    private JsonObject ComposeInvoke(DemoUser user, string name, JsonObject value, DemoChannel? channel)
    {
        var activity = channel is null
            ? Base("invoke", user, Conversation("personal", $"a:personal-{user.TeamsObjectId}"), null)
            : Base("invoke", user, Conversation("channel", channel.ExternalId), null, channel: channel);
        activity["name"] = name;
        activity["value"] = value;
        return activity;
    }

    /// <summary>The bot was added to a team: Teams sends this in the team's General channel.</summary>
    public JsonObject BotAddedToChannel(DemoUser installer, DemoChannel channel)
    {
        var activity = Base("conversationUpdate", installer, Conversation("channel", channel.ExternalId), null, channel: channel);
        activity["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId });
        activity["channelData"]!["eventType"] = "teamMemberAdded";
        return activity;
    }

    public JsonObject Installation(DemoUser installer, string action, DemoChannel? channel = null)
    {
        var activity = channel is null
            ? Base("installationUpdate", installer, Conversation("personal", $"a:personal-{installer.TeamsObjectId}"), null)
            : Base("installationUpdate", installer, Conversation("channel", channel.ExternalId), null, channel: channel);
        activity["action"] = action;
        return activity;
    }

    public static string NewId() => $"1{Random.Shared.NextInt64(100_000_000_000, 999_999_999_999)}";

    private static JsonObject Conversation(string type, string id) => new()
    {
        ["conversationType"] = type,
        ["id"] = id,
        ["tenantId"] = DemoDirectory.TeamsTenant,
        ["isGroup"] = type != "personal",
    };

    private JsonObject Base(string type, DemoUser user, JsonObject conversation, string? id, string? text = null, DemoChannel? channel = null)
    {
        var channelData = new JsonObject { ["tenant"] = new JsonObject { ["id"] = DemoDirectory.TeamsTenant } };
        if (channel is not null)
        {
            channelData["team"] = new JsonObject { ["id"] = TeamId, ["name"] = "Demo Company" };
            channelData["channel"] = new JsonObject { ["id"] = channel.ExternalId, ["name"] = channel.Name };
        }
        var activity = new JsonObject
        {
            ["type"] = type,
            ["id"] = id ?? NewId(),
            ["timestamp"] = DateTimeOffset.UtcNow.ToString("O"),
            ["serviceUrl"] = serviceUrl,
            ["channelId"] = "msteams",
            ["from"] = new JsonObject { ["id"] = TeamsUserId(user), ["name"] = user.DisplayName, ["aadObjectId"] = user.TeamsObjectId },
            ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = BotName },
            ["conversation"] = conversation,
            ["channelData"] = channelData,
            ["locale"] = "en-US",
        };
        if (text is not null) activity["text"] = text;
        return activity;
    }
}
