using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>Fills a button's form answers into its command line, as the platform edges do after a modal or ShowCard.</summary>
public static class FormCommand
{
    /// <summary>The command with each {input} replaced, or null and the problem when a required answer is missing or too long.</summary>
    public static string? Fill(string command, ReplyForm? form, IReadOnlyDictionary<string, string>? answers, out string problem)
    {
        problem = "";
        if (form is null) return command;
        foreach (var input in form.Inputs)
        {
            var value = answers is not null && answers.TryGetValue(input.Id, out var given) ? given.Trim() : "";
            if (input.Required && value.Length == 0)
            {
                problem = $"\"{input.Label}\" is required.";
                return null;
            }
            if (value.Length > input.MaxLength)
            {
                problem = $"\"{input.Label}\" may be at most {input.MaxLength} characters (it has {value.Length}).";
                return null;
            }
            if (input.Choices is { Count: > 0 } choices && value.Length > 0 && !choices.Contains(value))
            {
                problem = $"\"{input.Label}\" must be one of: {string.Join(", ", choices)}.";
                return null;
            }
        }
        return FormFill.Fill(command, id => form.Inputs.Any(i => i.Id == id)
            ? answers?.GetValueOrDefault(id)?.Trim() ?? ""
            : null);
    }
}
