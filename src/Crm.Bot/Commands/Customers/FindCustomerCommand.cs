using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>
/// Fuzzy search by name, domain or id, and by the words of notes the audience may read: one hit shows
/// the card, several a short list with buttons; a customer found by a note says which note.
/// </summary>
public sealed class FindCustomerCommand : ICommand
{
    private const int Limit = 8;

    public CommandDescriptor Descriptor { get; } = new("find", null, "find <text>", "search customers by name, domain, id or the words of their notes",
        ["find acme", "find globex.example", "find wants a demo"], [Permission.ReadCustomers]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.ReadCustomers, "read customers");

    public bool Changes(CommandArgs args) => false;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        var query = args.Rest(0);
        if (query.Length == 0) return ReplyKit.Usage(Descriptor, "What should I look for?");
        if (query.Length > 200) return ReplyKit.Problem("That search is too long (at most 200 characters).");
        // Notes are searched at the clearance of whoever will read the answer: the channel's when it is posted there.
        var hits = await context.Db.CustomerSearch().SearchWithNotesAsync(query, context.ReplyAudience.Reads, Limit + 1, ct);
        if (hits.Count == 0)
            return ReplyKit.Problem($"No customer matches '{query}'. Try part of the name, the domain or words from a note.");
        if (hits.Count == 1)
        {
            var customer = await context.Db.Customers.FirstAsync(c => c.Id == hits[0].Id, ct);
            var card = await CustomerPresenter.CardAsync(context, customer, context.ReplyAudience, context.Visibility, context.Times, ct);
            return hits[0].Note is { } note ? WithReason(card, Reason(note, context.Now)) : card;
        }

        context.Audit(AuditAction.View, detail: $"search '{query}': {hits.Count} hits");
        var shown = hits.Take(Limit).ToList();
        // The search stops one past the limit: past it, the true count is unknown, so the answer says "more than".
        var lead = hits.Count > Limit
            ? $"More than {Limit} customers match '{query}'; the first {Limit} are below (add more of the name or the domain to narrow it)"
            : $"{hits.Count} customers match '{query}'";
        var byNote = shown.Any(h => h.Note is not null);
        IReadOnlyList<string> columns = byNote ? ["Id", "Name", "Domain", "Region", "Matched"] : ["Id", "Name", "Domain", "Region"];
        return new Reply
        {
            Visibility = context.Visibility,
            FallbackText = $"{lead}: {string.Join(", ", shown.Select(h => h.Note is { } n ? $"{h.Name} ({h.HumanId}; {Reason(n, context.Now)})" : $"{h.Name} ({h.HumanId})"))}",
            Blocks =
            [
                new TextBlock($"{lead}:"),
                new TableBlock(null, columns, shown.Select(h => Row(h, byNote, context.Now)).ToList()),
                new ActionsBlock(shown.Select(h => new ReplyButton($"Show {h.HumanId}", $"show {h.HumanId}")).ToList()),
            ],
        };
    }

    private static IReadOnlyList<string> Row(CustomerHit hit, bool byNote, DateTimeOffset now) =>
        byNote
            ? [hit.HumanId, hit.Name, hit.Domain ?? "", hit.Region ?? "", hit.Note is { } note ? Reason(note, now) : MatchedBy(hit.Match)]
            : [hit.HumanId, hit.Name, hit.Domain ?? "", hit.Region ?? ""];

    private static string MatchedBy(MatchKind match) => match switch
    {
        MatchKind.ExactId => "id",
        MatchKind.ExactName => "name",
        MatchKind.ExactDomain => "domain",
        MatchKind.Prefix => "name or domain",
        _ => "similar name",
    };

    /// <summary>"note by ava, 3 days ago: …wants a demo…"</summary>
    private static string Reason(NoteMatch note, DateTimeOffset now) =>
        $"note by {Author(note.ActorEmail)}, {RelativeTime.Ago(note.At, now)}: {note.Snippet}";

    /// <summary>The part of the author's address before the '@' ("ava"), as colleagues call each other.</summary>
    private static string Author(string email) => email.IndexOf('@') is > 0 and var at ? email[..at] : email;

    /// <summary>The card, with why it was found right under its title.</summary>
    private static Reply WithReason(Reply card, string reason)
    {
        var blocks = card.Blocks.ToList();
        blocks.Insert(blocks.Count > 0 && blocks[0] is HeadingBlock ? 1 : 0, new ContextBlock($"Found by a {reason}"));
        return card with { Blocks = blocks, FallbackText = $"{card.FallbackText}\nFound by a {reason}" };
    }
}
