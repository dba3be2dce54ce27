using System.Text.Json;
using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Slack;

/// <summary>The Web API methods the bot uses, typed over <see cref="SlackApiClient.CallAsync"/>; each acts in one workspace (team id) and uses its token.</summary>
public sealed partial class SlackApiClient
{
    /// <summary>Posts a message; a user id as channel posts into the app's DM with that user. Returns where it landed.</summary>
    public async Task<SlackPosted> PostMessageAsync(string team, string channel, SlackMessage message, string? threadTs, SlackCallMode mode, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["unfurl_links"] = false;
        if (threadTs is not null) body["thread_ts"] = threadTs;
        var answer = await CallAsync(team, "chat.postMessage", body, mode, cancellationToken);
        return new SlackPosted(Str(answer, "channel") ?? channel, Str(answer, "ts") ?? "");
    }

    public async Task PostEphemeralAsync(string team, string channel, string user, SlackMessage message, SlackCallMode mode, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["user"] = user;
        await CallAsync(team, "chat.postEphemeral", body, mode, cancellationToken);
    }

    public async Task<SlackPosted> UpdateAsync(string team, string channel, string ts, SlackMessage message, SlackCallMode mode, CancellationToken cancellationToken)
    {
        var body = message.ToJson();
        body["channel"] = channel;
        body["ts"] = ts;
        var answer = await CallAsync(team, "chat.update", body, mode, cancellationToken);
        return new SlackPosted(Str(answer, "channel") ?? channel, Str(answer, "ts") ?? ts);
    }

    /// <summary>Unfurls links of a link_shared event: <paramref name="unfurls"/> maps each URL to its blocks.</summary>
    public Task UnfurlAsync(string team, string channel, string ts, string? unfurlId, string? source, JsonObject unfurls, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["unfurls"] = unfurls };
        if (unfurlId is not null && source is not null)
        {
            body["unfurl_id"] = unfurlId;
            body["source"] = source;
        }
        else
        {
            body["channel"] = channel;
            body["ts"] = ts;
        }
        return CallAsync(team, "chat.unfurl", body, SlackCallMode.Retry, cancellationToken);
    }

    public Task OpenViewAsync(string team, string triggerId, JsonObject view, CancellationToken cancellationToken) =>
        // trigger_id lives about 3 s: one attempt, no waiting.
        CallAsync(team, "views.open", new JsonObject { ["trigger_id"] = triggerId, ["view"] = view }, SlackCallMode.Once, cancellationToken);

    public Task PublishHomeAsync(string team, string userId, JsonObject view, CancellationToken cancellationToken) =>
        CallAsync(team, "views.publish", new JsonObject { ["user_id"] = userId, ["view"] = view }, SlackCallMode.Retry, cancellationToken);

    public async Task<SlackUserInfo> UserInfoAsync(string team, string userId, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(team, "users.info", new JsonObject { ["user"] = userId }, SlackCallMode.Retry, cancellationToken);
        return answer.GetProperty("user").Deserialize<SlackUserInfo>(SlackJson.Options)
               ?? throw new SlackApiException("users.info", "invalid_response", isPermanent: false);
    }

    public async Task<string?> ChannelNameAsync(string team, string channel, CancellationToken cancellationToken)
    {
        var answer = await CallAsync(team, "conversations.info", new JsonObject { ["channel"] = channel }, SlackCallMode.Retry, cancellationToken);
        return answer.TryGetProperty("channel", out var c) ? Str(c, "name") : null;
    }

    /// <summary>
    /// Uploads a file into a conversation the way Slack asks for it: <c>files.getUploadURLExternal</c> (form-encoded,
    /// as that method requires), the bytes to the URL it gave, then <c>files.completeUploadExternal</c> shares it.
    /// One attempt each (a send of a stored row).
    /// </summary>
    public async Task UploadFileAsync(string team, string channel, string fileName, byte[] content, string? comment, CancellationToken cancellationToken)
    {
        var url = await CallFormAsync(team, "files.getUploadURLExternal",
            [new("filename", fileName), new("length", content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))], cancellationToken);
        var uploadUrl = Str(url, "upload_url") ?? throw new SlackApiException("files.getUploadURLExternal", "invalid_response", isPermanent: false);
        var fileId = Str(url, "file_id") ?? throw new SlackApiException("files.getUploadURLExternal", "invalid_response", isPermanent: false);
        await PostBytesAsync(uploadUrl, fileName, content, cancellationToken);
        var files = new JsonArray(new JsonObject { ["id"] = fileId, ["title"] = fileName }).ToJsonString();
        var complete = new List<KeyValuePair<string, string>> { new("files", files), new("channel_id", channel) };
        if (comment is not null) complete.Add(new("initial_comment", comment));
        await CallFormAsync(team, "files.completeUploadExternal", complete, cancellationToken);
    }

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
