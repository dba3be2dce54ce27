using System.Globalization;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Replies;

/// <summary>The small replies every command needs: problems, denials, usage lines, confirmations.</summary>
public static class ReplyKit
{
    public static Reply Problem(string text) => Reply.Text(text, ReplyTone.Warning);

    public static Reply Denied(string reason) => Reply.Text(reason, ReplyTone.Denied);

    public static Reply Done(string text, params ReplyButton[] buttons) => new()
    {
        Tone = ReplyTone.Success,
        FallbackText = text,
        Blocks = buttons.Length == 0 ? [new TextBlock(text)] : [new TextBlock(text), new ActionsBlock(buttons)],
    };

    /// <summary>A missing or wrong argument: what was wrong, then the usage line and an example.</summary>
    public static Reply Usage(CommandDescriptor descriptor, string? problem = null)
    {
        var lead = problem ?? $"`{descriptor.Name}` needs more than that.";
        var example = descriptor.Examples.Count > 0 ? $" Example: `{descriptor.Examples[0]}`" : "";
        var text = $"{lead} Usage: `{descriptor.Usage}`.{example}";
        return new Reply
        {
            Tone = ReplyTone.Error,
            FallbackText = text,
            Blocks = [new TextBlock(lead), new ContextBlock($"Usage: {descriptor.Usage}"), .. descriptor.Examples.Take(2).Select(e => new ContextBlock($"Example: {e}"))],
        };
    }

    public static string Money(decimal amount, string? currency) =>
        $"{amount.ToString("#,##0.##", CultureInfo.InvariantCulture)} {currency}".TrimEnd();

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "—";
}
