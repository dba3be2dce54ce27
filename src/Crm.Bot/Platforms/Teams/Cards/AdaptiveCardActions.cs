using System.Text.Json;
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

    public static void Button(Utf8JsonWriter w, ReplyButton button)
    {
        if (button.Form is not { } form)
        {
            Execute(w, button.Label, button.Command, button.Style);
            return;
        }
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "Action.ShowCard");
        w.WriteString(CardJson.Title, Title(button.Label));
        w.WriteStartObject("card");
        w.WriteString(CardJson.Type, "AdaptiveCard");
        w.WriteStartArray("body");
        foreach (var input in form.Inputs)
            Input(w, input);
        w.WriteEndArray();
        w.WriteStartArray("actions");
        Execute(w, form.SubmitLabel, button.Command, button.Style);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    public static void Execute(Utf8JsonWriter w, string title, string command, ButtonStyle style = ButtonStyle.Default, string verb = CommandVerb)
    {
        var safeTitle = Title(title);
        var styleName = Style(style);
        w.WriteStartObject();
        w.WriteString(CardJson.Type, "Action.Execute");
        w.WriteString(CardJson.Title, safeTitle);
        w.WriteString("verb", verb);
        CommandData(w, command);
        if (styleName is not null) w.WriteString("style", styleName);
        w.WriteStartObject("fallback");
        w.WriteString(CardJson.Type, "Action.Submit");
        w.WriteString(CardJson.Title, safeTitle);
        CommandData(w, command);
        if (styleName is not null) w.WriteString("style", styleName);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void CommandData(Utf8JsonWriter w, string command)
    {
        w.WriteStartObject(CardJson.Data);
        w.WriteString(CommandKey, command);
        w.WriteEndObject();
    }

    private static void Input(Utf8JsonWriter w, FormInput input)
    {
        var label = Title(input.Label);
        w.WriteStartObject();
        if (input.Choices is { Count: > 0 } choices)
        {
            w.WriteString(CardJson.Type, "Input.ChoiceSet");
            w.WriteString("id", InputPrefix + input.Id);
            w.WriteString("label", label);
            w.WriteBoolean("isRequired", input.Required);
            w.WriteString("errorMessage", $"Choose {label}.");
            w.WriteString("style", "compact");
            if (input.Initial is { } chosen && choices.Contains(chosen))
                w.WriteString("value", chosen);
            w.WriteStartArray("choices");
            foreach (var choice in choices)
            {
                w.WriteStartObject();
                w.WriteString(CardJson.Title, Title(choice));
                w.WriteString("value", choice);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        else
        {
            w.WriteString(CardJson.Type, "Input.Text");
            w.WriteString("id", InputPrefix + input.Id);
            w.WriteString("label", label);
            w.WriteBoolean("isRequired", input.Required);
            w.WriteBoolean("isMultiline", input.Multiline);
            w.WriteNumber("maxLength", input.MaxLength);
            w.WriteString("errorMessage", $"{label} is required (at most {input.MaxLength} characters).");
            if (input.Placeholder is { } placeholder)
                w.WriteString("placeholder", Title(placeholder));
            // The current value of an Edit form's field, shown as the record stores it (neutralised, at most the input's length).
            if (input.Initial is { Length: > 0 } initial)
                w.WriteString("value", CardText.Neutralise(initial, input.MaxLength));
        }
        w.WriteEndObject();
    }

    private static string Title(string text) => CardText.Neutralise(text, 200);

    private static string? Style(ButtonStyle style) => style switch
    {
        ButtonStyle.Primary => "positive",
        ButtonStyle.Danger => "destructive",
        _ => null,
    };
}
