using System.Text.Json.Nodes;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Buttons become Action.Execute (answered in the same HTTP response) with an Action.Submit fallback
/// for clients without universal actions; both carry the command line, so a click and a typed
/// command take the same path. A form becomes a ShowCard with its inputs.
/// </summary>
internal static class AdaptiveCardActions
{
    public const string CommandVerb = "crm";
    public const string RefreshVerb = "refresh";
    public const string CommandKey = "command";
    /// <summary>Input ids carry a prefix so no input can overwrite the command in the merged data.</summary>
    public const string InputPrefix = "input_";

    public static JsonObject Button(ReplyButton button)
    {
        if (button.Form is { } form)
        {
            return new JsonObject
            {
                ["type"] = "Action.ShowCard",
                ["title"] = Title(button.Label),
                ["card"] = new JsonObject
                {
                    ["type"] = "AdaptiveCard",
                    ["body"] = new JsonArray(form.Inputs.Select(Input).ToArray<JsonNode?>()),
                    ["actions"] = new JsonArray(Execute(form.SubmitLabel, button.Command, button.Style)),
                },
            };
        }
        return Execute(button.Label, button.Command, button.Style);
    }

    public static JsonObject Execute(string title, string command, ButtonStyle style = ButtonStyle.Default, string verb = CommandVerb)
    {
        var execute = new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = Title(title),
            ["verb"] = verb,
            ["data"] = new JsonObject { [CommandKey] = command },
        };
        var submit = new JsonObject
        {
            ["type"] = "Action.Submit",
            ["title"] = Title(title),
            ["data"] = new JsonObject { [CommandKey] = command },
        };
        if (Style(style) is { } s)
        {
            execute["style"] = s;
            submit["style"] = s;
        }
        execute["fallback"] = submit;
        return execute;
    }

    private static JsonObject Input(FormInput input)
    {
        var id = InputPrefix + input.Id;
        if (input.Choices is { Count: > 0 } choices)
        {
            return new JsonObject
            {
                ["type"] = "Input.ChoiceSet",
                ["id"] = id,
                ["label"] = Title(input.Label),
                ["isRequired"] = input.Required,
                ["errorMessage"] = $"Choose {Title(input.Label)}.",
                ["style"] = "compact",
                ["choices"] = new JsonArray(choices.Select(c => (JsonNode)new JsonObject { ["title"] = Title(c), ["value"] = c }).ToArray()),
            };
        }
        var text = new JsonObject
        {
            ["type"] = "Input.Text",
            ["id"] = id,
            ["label"] = Title(input.Label),
            ["isRequired"] = input.Required,
            ["isMultiline"] = input.Multiline,
            ["maxLength"] = input.MaxLength,
            ["errorMessage"] = $"{Title(input.Label)} is required (at most {input.MaxLength} characters).",
        };
        if (input.Placeholder is { } placeholder)
            text["placeholder"] = Title(placeholder);
        return text;
    }

    private static string Title(string text) => CardText.Neutralise(text, 200);

    private static string? Style(ButtonStyle style) => style switch
    {
        ButtonStyle.Primary => "positive",
        ButtonStyle.Danger => "destructive",
        _ => null,
    };
}
