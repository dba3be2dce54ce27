using Crm.Bot.Pipeline;
using Crm.Domain.Replies;
using Crm.Domain.Common;

namespace Crm.Bot.Commands.General;

/// <summary>The verbs this person may run, with examples; generated from the catalog.</summary>
public sealed class HelpCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("help", null, "help [verb]", "what you can do here, with examples", ["help", "help deal"], []);

    public Requirement? RequiredFor(CommandArgs args) => null;

    public bool Changes(CommandArgs args) => false;

    public Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken cancellationToken)
    {
        var visible = context.Catalog.VisibleTo(context.Principal);
        if (args.Word(0) is { } verb)
        {
            var forVerb = context.Catalog.ForVerb(verb).Select(c => c.Descriptor).ToList();
            if (forVerb.Count == 0)
                return Task.FromResult(Reply.Error($"There is no command '{Clip(verb)}'. Type `help` for the list."));
            var mine = forVerb.Where(d => d.VisibleTo(context.Principal)).ToList();
            var blocks = new List<ReplyBlock> { new HeadingBlock($"help {verb.ToLowerInvariant()}") };
            foreach (var d in forVerb)
            {
                blocks.Add(new TextBlock($"{d.Usage} — {d.Summary}", Emphasis: true));
                blocks.AddRange(d.Examples.Select(e => new ContextBlock($"Example: {e}")));
            }
            if (mine.Count < forVerb.Count)
                blocks.Add(new ContextBlock(mine.Count == 0 ? "Your role does not allow this command." : "Some forms of this command are not allowed for your role."));
            return Task.FromResult(new Reply { FallbackText = string.Join("; ", forVerb.Select(d => d.Usage)), Blocks = blocks });
        }

        var lines = visible.Select(d => (IReadOnlyList<string>)[d.Usage, d.Summary, d.Examples.FirstOrDefault() ?? ""]).ToList();
        var intro = context.Principal.IsMapped
            ? $"You are {context.Principal.Email} ({Crm.Domain.Access.RoleNames.Name(context.Principal.Role!.Value)}); these are the commands you may run."
            : $"You have no CRM role yet, so only these commands work. {context.Principal.Why}";
        return Task.FromResult(new Reply
        {
            FallbackText = $"{intro} {string.Join(", ", visible.Select(d => d.Name).Distinct())}",
            Blocks =
            [
                new HeadingBlock("CRM commands"),
                new TextBlock(intro),
                new TableBlock(null, ["Command", "What it does", "Example"], lines),
                new ContextBlock("Names with spaces go in quotes: \"Acme Corporation\". Dates: today, tomorrow, fri, 2026-12-01, in 3 days."),
            ],
        });
    }

    private static string Clip(string s) => UntrustedText.Clip(s, 41);
}
