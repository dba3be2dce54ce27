using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Turns what a Teams user typed or clicked into the bot's command line.</summary>
internal static partial class TeamsCommandText
{
    /// <summary>
    /// Typed text: the bot's own mention removed, a person's mention replaced by @ and the id Teams sent
    /// with it (<see cref="TeamsMentions"/>; never the name shown), any other &lt;at&gt; tag kept as @Name, HTML undone.
    /// </summary>
    public static string FromMessage(TeamsActivity activity, IReadOnlyDictionary<string, string>? objectIds = null)
    {
        var text = activity.Text ?? "";
        var botId = activity.Recipient?.Id;
        foreach (var mention in activity.Entities ?? [])
        {
            if (mention.Type != "mention" || string.IsNullOrEmpty(mention.Text)) continue;
            if (mention.Mentioned?.Id == botId)
                text = text.Replace(mention.Text, " ", StringComparison.Ordinal);
            else if (TeamsMentions.PersonId(mention.Mentioned, objectIds) is { } person)
                text = text.Replace(mention.Text, $" @{person} ", StringComparison.Ordinal);
        }
        if (activity.Recipient?.Name is { Length: > 0 } botName)
            text = text.Replace($"<at>{botName}</at>", " ", StringComparison.OrdinalIgnoreCase);
        text = AtTag().Replace(text, m => "@" + m.Groups[1].Value.Trim());
        text = Tag().Replace(text, " ");
        text = WebUtility.HtmlDecode(text).Replace('\u00A0', ' ');
        return Spaces().Replace(text, " ").Trim();
    }

    /// <summary>
    /// A card action's data: the command line with each {input} placeholder replaced by what the user
    /// entered (inputs arrive merged into the same object, prefixed so none can replace the command).
    /// </summary>
    public static string? FromActionData(JsonElement? data)
    {
        if (data is not { ValueKind: JsonValueKind.Object } value ||
            !value.TryGetProperty(AdaptiveCardActions.CommandKey, out var command) || command.ValueKind != JsonValueKind.String)
            return null;
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var property in value.EnumerateObject())
        {
            if (!property.Name.StartsWith(AdaptiveCardActions.InputPrefix, StringComparison.Ordinal)) continue;
            var entered = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() ?? "" : property.Value.ToString();
            // What a person entered is shown to others (notes, handoff reasons): no bidi or invisible characters.
            answers[property.Name[AdaptiveCardActions.InputPrefix.Length..]] = UntrustedText.Neutralize(entered).Trim();
        }
        // A forged action could repeat a placeholder until the line is huge; the pipeline refuses it as too long.
        return FormFill.Fill(command.GetString() ?? "", answers.GetValueOrDefault);
    }

    public static string Verb(string commandLine)
    {
        var space = commandLine.IndexOf(' ');
        return (space < 0 ? commandLine : commandLine[..space]).ToLowerInvariant();
    }

    [GeneratedRegex(@"<at[^>]*>(.*?)</at>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex AtTag();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
