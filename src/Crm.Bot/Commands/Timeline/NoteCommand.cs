using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Notifications;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;

namespace Crm.Bot.Commands.Timeline;

/// <summary>A note on the customer's timeline; following channels are told.</summary>
public sealed class NoteCommand : ICommand
{
    public const int MaxNoteLength = 2000;

    public CommandDescriptor Descriptor { get; } = new("note", null, "note <customer> <text>", "add a note to the customer's timeline",
        ["note acme Call went well, wants a demo"], [Permission.WriteNote]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.WriteNote, "write notes");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count < 2) return ReplyKit.Usage(Descriptor, args.Count == 0 ? "Which customer, and what is the note?" : "What is the note?");
        var text = args.Rest(1);
        if (text.Length > MaxNoteLength)
            return ReplyKit.Problem($"The note is {text.Length} characters long; at most {MaxNoteLength} fit. Split it into several notes.");
        var lookup = await CustomerResolver.ResolveAsync(context, args.Word(0)!, id => $"note {id} {text}", ct);
        if (lookup.Customer is not { } customer) return lookup.Problem!;

        var entry = context.Timeline(customer.Id, TimelineKind.Note, FieldClass.Basic, text);
        context.Audit(AuditAction.Change, customer.HumanId, customer.Id, "note added");
        var told = await FollowNotifier.NotifyAsync(context, customer, [new ChangeLine($"Note by {context.ActorEmail}: {text}", FieldClass.Basic)], ct);
        return ReplyKit.Done($"Noted on {customer.Name} ({customer.HumanId})." + (told > 0 ? $" {told} following channel(s) will be told." : ""));
    }
}
