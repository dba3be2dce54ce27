using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Builds the modal for a form and reads its submission back (view.state.values).</summary>
internal static class SlackModalBuilder
{
    public const string CallbackId = "crm-form";
    private const string ActionId = "value";

    /// <summary>The view for views.open, or null when the form cannot fit Slack's limits.</summary>
    public static JsonObject? Build(SlackFormState state, IReadOnlyDictionary<string, string>? initial = null)
    {
        var metadata = JsonSerializer.Serialize(state, SlackJson.Options);
        if (metadata.Length > SlackLimits.PrivateMetadata) return null;
        var blocks = new JsonArray();
        foreach (var input in state.Form.Inputs)
            blocks.Add(Input(input, initial?.GetValueOrDefault(input.Id) ?? input.Initial));
        return new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["title"] = Plain(state.Form.Title, SlackLimits.ModalTitle),
            ["submit"] = Plain(state.Form.SubmitLabel, SlackLimits.ModalSubmit),
            ["close"] = Plain("Cancel", SlackLimits.ModalSubmit),
            ["private_metadata"] = metadata,
            ["blocks"] = blocks,
        };
    }

    public static SlackFormState? ReadState(string? privateMetadata)
    {
        if (string.IsNullOrEmpty(privateMetadata)) return null;
        try
        {
            return JsonSerializer.Deserialize<SlackFormState>(privateMetadata, SlackJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The submitted value of each input, keyed by input id (= block_id).</summary>
    public static Dictionary<string, string> ReadValues(SlackViewState? state)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (blockId, actions) in state?.Values ?? [])
        {
            if (actions is null || !actions.TryGetValue(ActionId, out var element) || element.ValueKind != JsonValueKind.Object) continue;
            if (element.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
                values[blockId] = v.GetString()!;
            else if (element.TryGetProperty("selected_option", out var o) && o.ValueKind == JsonValueKind.Object &&
                     o.TryGetProperty("value", out var ov) && ov.ValueKind == JsonValueKind.String)
                values[blockId] = ov.GetString()!;
        }
        return values;
    }

    private static JsonObject Input(FormInput input, string? initial)
    {
        JsonObject element;
        if (input.Choices is { Count: > 0 } choices)
        {
            var options = new JsonArray();
            foreach (var choice in choices.Take(100))
                options.Add(new JsonObject { ["text"] = Plain(choice, 75), ["value"] = choice.Length > 150 ? choice[..150] : choice });
            element = new JsonObject { ["type"] = "static_select", ["action_id"] = ActionId, ["options"] = options };
            if (initial is not null && choices.Contains(initial))
                element["initial_option"] = new JsonObject { ["text"] = Plain(initial, 75), ["value"] = initial };
        }
        else
        {
            element = new JsonObject
            {
                ["type"] = "plain_text_input",
                ["action_id"] = ActionId,
                ["multiline"] = input.Multiline,
                ["max_length"] = Math.Clamp(input.MaxLength, 1, 3000),
            };
            if (!string.IsNullOrEmpty(initial)) element["initial_value"] = initial.Length > 3000 ? initial[..3000] : initial;
        }
        if (input.Placeholder is { Length: > 0 } placeholder) element["placeholder"] = Plain(placeholder, 150);
        return new JsonObject
        {
            ["type"] = "input",
            ["block_id"] = input.Id.Length > SlackLimits.ActionId ? input.Id[..SlackLimits.ActionId] : input.Id,
            ["optional"] = !input.Required,
            ["label"] = Plain(input.Label, 2000),
            ["element"] = element,
        };
    }

    private static JsonObject Plain(string text, int max) => new()
    {
        ["type"] = "plain_text",
        ["text"] = SlackText.Shorten(SlackText.Plain(text), max),
        ["emoji"] = true,
    };
}
