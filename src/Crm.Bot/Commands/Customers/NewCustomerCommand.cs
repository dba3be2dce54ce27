using Crm.Bot.Pipeline;
using Crm.Bot.Pipeline.Resolution;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Audit;
using Crm.Domain.Common;
using Crm.Domain.Customers;
using Crm.Domain.Replies;
using Crm.Domain.Timeline;
using Microsoft.EntityFrameworkCore;

namespace Crm.Bot.Commands.Customers;

/// <summary>A validated new customer; a likely duplicate (similar name or same domain) is shown first.</summary>
public sealed class NewCustomerCommand : ICommand
{
    private static readonly string[] Fields = ["domain", "region", "industry", "segment", "owner"];

    public CommandDescriptor Descriptor { get; } = new("new", "customer",
        "new customer \"<name>\" [domain <domain>] [region <region>] [industry <industry>] [segment <segment>] [owner <person>]",
        "create a customer (likely duplicates are shown first)",
        ["new customer \"Globex Ltd\" domain globex.example region EMEA"], [Permission.CreateCustomer]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.CreateCustomer, "create customers");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count == 0) return ReplyKit.Usage(Descriptor, "What is the customer's name?");
        var nameEnd = 1;
        if (args.At(0)!.Kind != TokenKind.Quoted)
            while (nameEnd < args.Count && !Fields.Any(f => args.IsWord(nameEnd, f)) && !args.IsWord(nameEnd, "--anyway")) nameEnd++;
        var name = Guard.Required(args.Rest(0, nameEnd), "Customer name", 200);
        var values = Keywords.Read(args, nameEnd, Fields, Descriptor.Usage);
        var owner = values.TryGetValue("owner", out var ownerText)
            ? await MentionResolver.ResolveTextAsync(context, ownerText, ct)
            : context.ActorEmail;
        var customer = new Customer(await Numbers.NextCustomerAsync(context.Db, ct), name, values.GetValueOrDefault("domain"),
            values.GetValueOrDefault("region")?.ToUpperInvariant(), owner)
        {
            Industry = Guard.Optional(values.GetValueOrDefault("industry"), "Industry", 100),
            Segment = Guard.Optional(values.GetValueOrDefault("segment"), "Segment", 40),
            CreatedAt = context.Now,
            UpdatedAt = context.Now,
        };

        if (!args.HasFlag("--anyway") && await DuplicatesAsync(context, customer, ct) is { Count: > 0 } duplicates)
            return DuplicateReply.Build($"customer \"{customer.Name}\"", duplicates, args);

        context.Db.Customers.Add(customer);
        await context.Db.SaveChangesAsync(ct);
        context.Timeline(customer.Id, TimelineKind.Created, FieldClass.Basic, $"Customer created by {context.ActorEmail}", customer.HumanId);
        context.Audit(AuditAction.Change, customer.HumanId, customer.Id, "customer created");
        return ReplyKit.Done($"Created {customer.Name} ({customer.HumanId}).", new ReplyButton($"Show {customer.HumanId}", $"show {customer.HumanId}"));
    }

    private static async Task<List<(string, string, string, string)>> DuplicatesAsync(CommandContext context, Customer draft, CancellationToken ct)
    {
        var found = new Dictionary<string, (string Id, string Label, string Why, string Use)>();
        if (draft.Domain is { } domain)
            foreach (var c in await context.Db.Customers.AsNoTracking().Where(c => c.Domain == domain).ToListAsync(ct))
                found.TryAdd(c.HumanId, (c.HumanId, c.Name, $"same domain {domain}", $"show {c.HumanId}"));

        var search = context.Db.CustomerSearch();
        var firstWord = draft.NameKey.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
        foreach (var probe in new[] { draft.NameKey, firstWord }.Distinct().Where(p => p.Length >= 3))
            foreach (var hit in await search.SearchAsync(probe, 5, ct))
                found.TryAdd(hit.HumanId, (hit.HumanId, hit.Name, hit.Match == MatchKind.ExactName ? "same name" : "similar name", $"show {hit.HumanId}"));
        return found.Values.Select(v => (v.Id, v.Label, v.Why, v.Use)).ToList();
    }
}
