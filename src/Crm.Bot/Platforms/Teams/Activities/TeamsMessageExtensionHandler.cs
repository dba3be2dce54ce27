using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Storage;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// The message extension: finding customers from the compose box (<c>composeExtension/query</c>, then
/// <c>composeExtension/selectItem</c> for the one picked) and unfurling links to customer pages
/// (<c>composeExtension/queryLink</c>). Every answer comes from the pipeline (<c>find</c>, <c>show</c>) as the
/// person composing, at the clearance of the conversation the card will be posted into (a channel's, or the
/// asker's own in a 1:1 chat), so nothing inserted shows more than that conversation may read. A link whose
/// customer the person may not see unfurls to nothing. Answered in the invoke's HTTP response; nothing is stored
/// to be sent, because the card goes out with the person's own message.
/// </summary>
internal sealed class TeamsMessageExtensionHandler(
    IServiceScopeFactory scopes,
    TeamsConversationStore store,
    AdaptiveCardRenderer renderer,
    IOptions<TeamsOptions> options,
    ILogger<TeamsMessageExtensionHandler> logger)
{
    public const string SearchCommandId = "searchCustomers";
    public const string QueryParameter = "query";
    private const string AdaptiveCardType = "application/vnd.microsoft.card.adaptive";
    private const string ThumbnailCardType = "application/vnd.microsoft.card.thumbnail";

    private readonly CustomerLinks _links = new(options.Value.CustomerLinkPattern);

    public static bool Handles(string? invokeName) =>
        invokeName is "composeExtension/query" or "composeExtension/selectItem" or "composeExtension/queryLink";

    public async Task<IResult> HandleAsync(TeamsActivity activity, CancellationToken stopping)
    {
        var value = activity.Value is { ValueKind: JsonValueKind.Object } v ? v : default;
        try
        {
            return activity.Name switch
            {
                "composeExtension/query" => await QueryAsync(activity, value, stopping),
                "composeExtension/selectItem" => await SelectAsync(activity, value, stopping),
                _ => await UnfurlAsync(activity, value, stopping),
            };
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Teams message extension {Invoke} {Activity} could not be handled", activity.Name, activity.Id);
            return Text("Something went wrong while searching the CRM. Try again in a moment.");
        }
    }

    private async Task<IResult> QueryAsync(TeamsActivity activity, JsonElement value, CancellationToken stopping)
    {
        var parameters = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("parameters", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object).ToList()
            : [];
        var query = parameters.Where(x => Str(x, "name") == QueryParameter).Select(x => Str(x, "value")).FirstOrDefault()?.Trim() ?? "";
        if (query.Length == 0)
            return Text("Type part of a customer's name, their domain, an id (C-1001) or words from a note.");

        var reply = await RunAsync(activity, $"find {CommandLine.Quote(query)}", stopping);

        // One hit: its card.
        if (IsCard(reply)) return Result(new JsonArray(CardAttachment(reply)));
        // Several hits: a list of names, each picked through selectItem (the card is made for the one picked only).
        if (reply.Tone == ReplyTone.Normal && reply.Blocks.OfType<TableBlock>().FirstOrDefault() is { } table
            && reply.Blocks.OfType<ActionsBlock>().FirstOrDefault() is { } actions && actions.Buttons.All(b => b.Command.StartsWith("show ", StringComparison.Ordinal)))
        {
            var attachments = new JsonArray();
            foreach (var (button, row) in actions.Buttons.Zip(table.Rows))
            {
                var (title, subtitle, text) = (Cell(table, row, "Name"), Cell(table, row, "Id"), Summary(table, row));
                var preview = Thumbnail(title, subtitle, text);
                preview["content"]!["tap"] = new JsonObject { ["type"] = "invoke", ["value"] = new JsonObject { ["command"] = button.Command } };
                attachments.Add(new JsonObject { ["contentType"] = ThumbnailCardType, ["content"] = preview["content"]!.DeepClone(), ["preview"] = preview });
            }
            return Result(attachments);
        }
        // Anything else (nothing found, a denial) is said in the compose box.
        return Text(reply.FallbackText);
    }

    private async Task<IResult> SelectAsync(TeamsActivity activity, JsonElement value, CancellationToken stopping)
    {
        var command = value.ValueKind == JsonValueKind.Object ? Str(value, "command") : null;
        // Only what the list offered: a card of one customer, never any other command.
        if (command is null || !command.StartsWith("show ", StringComparison.Ordinal) || command.Length > 40)
            return Text("That item cannot be inserted. Search again and pick a customer from the list.");
        var reply = await RunAsync(activity, command, stopping);
        return IsCard(reply) ? Result(new JsonArray(CardAttachment(reply))) : Text(reply.FallbackText);
    }

    private async Task<IResult> UnfurlAsync(TeamsActivity activity, JsonElement value, CancellationToken stopping)
    {
        var url = value.ValueKind == JsonValueKind.Object ? Str(value, "url") : null;
        var id = url is null ? null : _links.CustomerIdOf(url);
        if (id is null) return Results.Json(new { });
        var reply = await RunAsync(activity, $"show {id}", stopping);
        // A denial or an unknown id is the sharer's business, not the conversation's: no unfurl.
        return IsCard(reply) ? Result(new JsonArray(CardAttachment(reply))) : Results.Json(new { });
    }

    /// <summary>The command as the person composing, answered for the conversation the card goes into.</summary>
    private async Task<Reply> RunAsync(TeamsActivity activity, string commandLine, CancellationToken stopping)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CrmDbContext>();
        await store.RememberAsync(db, activity, stopping);
        var request = TeamsChatRequests.From(activity, commandLine, fromButton: true);
        return await scope.ServiceProvider.GetRequiredService<ICommandPipeline>().RunAsync(request, stopping);
    }

    /// <summary>A customer's card: headed, and neither a problem, a warning nor a denial.</summary>
    private static bool IsCard(Reply reply) =>
        reply.Tone is ReplyTone.Normal or ReplyTone.Success && reply.Blocks.Count > 0 && reply.Blocks[0] is HeadingBlock;

    private JsonObject CardAttachment(Reply reply)
    {
        var card = renderer.Render(reply)[0];
        var title = reply.Blocks.OfType<HeadingBlock>().FirstOrDefault()?.Text ?? reply.FallbackText.Split('\n')[0];
        return new JsonObject
        {
            ["contentType"] = AdaptiveCardType,
            ["content"] = card.ToJsonObject(),
            ["preview"] = Thumbnail(title, null, reply.Blocks.OfType<ContextBlock>().FirstOrDefault()?.Text),
        };
    }

    private static JsonObject Thumbnail(string title, string? subtitle, string? text)
    {
        var content = new JsonObject { ["title"] = title };
        if (!string.IsNullOrEmpty(subtitle)) content["subtitle"] = subtitle;
        if (!string.IsNullOrEmpty(text)) content["text"] = text;
        return new JsonObject { ["contentType"] = ThumbnailCardType, ["content"] = content };
    }

    private static string Cell(TableBlock table, IReadOnlyList<string> row, string column) =>
        table.Columns.ToList().IndexOf(column) is >= 0 and var i && i < row.Count ? row[i] : "";

    /// <summary>Domain · region · why it matched, whatever of them the list has.</summary>
    private static string Summary(TableBlock table, IReadOnlyList<string> row) =>
        string.Join(" · ", new[] { "Domain", "Region", "Matched" }.Select(c => Cell(table, row, c)).Where(s => s.Length > 0));

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IResult Result(JsonArray attachments) => Results.Json(new JsonObject
    {
        ["composeExtension"] = new JsonObject { ["type"] = "result", ["attachmentLayout"] = "list", ["attachments"] = attachments },
    });

    private static IResult Text(string text) => Results.Json(new JsonObject
    {
        ["composeExtension"] = new JsonObject { ["type"] = "message", ["text"] = text },
    });
}
