using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Customers;

/// <summary>"This looks like something that exists": the candidates, a button to use one, and one to create anyway.</summary>
public static class DuplicateReply
{
    public static Reply Build(string what, IReadOnlyList<(string Id, string Label, string Why, string UseCommand)> candidates, CommandArgs args)
    {
        var shown = candidates.Take(5).ToList();
        var text = $"Before I create {what}: {(shown.Count == 1 ? "this looks like it may already exist" : "these look like they may already exist")}.";
        var buttons = shown.Select(c => new ReplyButton($"Use {c.Id}", c.UseCommand)).ToList();
        buttons.Add(new ReplyButton("Create anyway", args.Text.TrimEnd() + " --anyway", ButtonStyle.Primary));
        return new Reply
        {
            Tone = ReplyTone.Warning,
            FallbackText = text + " " + string.Join("; ", shown.Select(c => $"{c.Label} ({c.Id}): {c.Why}")),
            Blocks =
            [
                new TextBlock(text),
                new TableBlock(null, ["Id", "Name", "Why"], shown.Select(c => (IReadOnlyList<string>)[c.Id, c.Label, c.Why]).ToList(),
                    candidates.Count - shown.Count),
                new ActionsBlock(buttons),
            ],
        };
    }
}
