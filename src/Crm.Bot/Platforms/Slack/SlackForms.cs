using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// The forms behind <c>/crm note</c> and <c>/crm handoff</c> typed without their details: Slack opens
/// them as modals, and the filled-in command runs through the pipeline like typed text.
/// </summary>
internal static class SlackForms
{
    public static readonly ReplyForm Note = new("Add a note", "Save note",
    [
        new FormInput("customer", "Customer (name or id)", Placeholder: "acme or C-1001", MaxLength: 200),
        new FormInput("text", "Note", Multiline: true, MaxLength: 2000, Placeholder: "Call went well, wants a demo"),
    ]);

    public static readonly ReplyForm Handoff = new("Hand off a customer", "Hand off",
    [
        new FormInput("customer", "Customer (name or id)", Placeholder: "acme or C-1001", MaxLength: 200),
        new FormInput("to", "To department", Choices: ["sales", "support", "finance", "marketing", "management"]),
        new FormInput("note", "Note for the team", Required: false, Multiline: true, MaxLength: 2000, Placeholder: "Onboarding starts Monday"),
    ]);

    /// <summary>Recognises "note", "note acme", "handoff", "handoff C-1001": a verb with at most the customer.</summary>
    public static bool TryShortcut(string text, out string command, out ReplyForm form, out string? customer)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        customer = words.Length == 2 ? words[1] : null;
        (command, form) = words.Length is 1 or 2 ? words[0].ToLowerInvariant() switch
        {
            "note" => ("note {customer} {text}", Note),
            "handoff" => ("handoff {customer} to {to} {note}", Handoff),
            _ => ("", Note),
        } : ("", Note);
        return command.Length > 0;
    }

    /// <summary>
    /// Whether a form that came back from Slack (a button's value, a modal's metadata) has everything
    /// the bot reads: JSON lets any field be null whatever the type says.
    /// </summary>
    public static bool IsComplete(string? command, ReplyForm? form) =>
        command is not null && form is { Title: not null, SubmitLabel: not null, Inputs: { Count: > 0 } inputs } &&
        inputs.All(i => i is { Id: not null, Label: not null } && (i.Choices is null || i.Choices.All(c => c is not null)));

    /// <summary>Checks the submitted values; the errors map each input's id to what to fix.</summary>
    public static Dictionary<string, string> Validate(ReplyForm form, IReadOnlyDictionary<string, string> values)
    {
        var errors = new Dictionary<string, string>();
        foreach (var input in form.Inputs)
        {
            var value = values.GetValueOrDefault(input.Id)?.Trim() ?? "";
            if (value.Length == 0)
            {
                if (input.Required) errors[input.Id] = $"Please fill in “{input.Label}”.";
            }
            else if (value.Length > input.MaxLength)
                errors[input.Id] = $"At most {input.MaxLength} characters, please (this has {value.Length}).";
            else if (input.Choices is { Count: > 0 } choices && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
                errors[input.Id] = $"Pick one of: {string.Join(", ", choices)}.";
        }
        return errors;
    }

    /// <summary>The command line with each {input} replaced by its answer, quoted so the command reads it back exactly.</summary>
    public static string Fill(string command, ReplyForm form, IReadOnlyDictionary<string, string> values) =>
        FormFill.Fill(command, id => form.Inputs.Any(i => i.Id == id)
            // Modal answers end up in notes and handoffs others read: no bidi or invisible characters.
            ? UntrustedText.Neutralize(values.GetValueOrDefault(id)).Trim()
            : null);
}
