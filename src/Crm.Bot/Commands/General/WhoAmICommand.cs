using Crm.Bot.Pipeline;
using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.General;

/// <summary>Who the bot thinks you are, which role that gives you, why, and what it lets you read and do.</summary>
public sealed class WhoAmICommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("whoami", null, "whoami", "your identity, department, role and permissions, and why", ["whoami"], []);

    public Requirement? RequiredFor(CommandArgs args) => null;

    public bool Changes(CommandArgs args) => false;

    public Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken cancellationToken)
    {
        var p = context.Principal;
        var fields = new List<ReplyField>
        {
            new("Platform", $"{context.Request.Platform.ToString().ToLowerInvariant()} ({context.Request.Workspace})"),
            new("User", context.Request.UserId),
            new("E-mail", p.Email ?? "not linked"),
            new("Name", p.DisplayName),
            new("Department", p.Department ?? "—"),
            new("Groups", p.Groups.Count == 0 ? "—" : string.Join(", ", p.Groups)),
            new("Role", p.Role?.Name() ?? "none"),
        };
        if (p.Region is not null) fields.Add(new ReplyField("Region", p.Region));
        fields.Add(new ReplyField("Reads", p.Role is null ? "nothing" : string.Join(", ", FieldClasses.Visible(p.Reads))));
        var may = p.Role is { } role
            ? RolePolicy.PermissionsOf(role).Select(Describe).ToList()
            : ["help", "whoami"];
        fields.Add(new ReplyField("May", string.Join(", ", may)));
        if (context.Channel is { } channel)
            fields.Add(new ReplyField("This channel", channel.Department is { } d
                ? $"#{channel.Name} is bound to {d}: cards posted here show {string.Join(", ", FieldClasses.Visible(Audience.ChannelClearance(d)))}"
                : $"#{channel.Name} is bound to no department: cards posted here show basic fields only"));

        var summary = p.Role is { } r ? $"You are {p.Email}, {r.Name()}: {p.Why}." : $"You have no CRM role. {p.Why}";
        return Task.FromResult(new Reply
        {
            FallbackText = summary,
            Blocks = [new HeadingBlock("Who you are"), new FieldsBlock(fields), new TextBlock(Capitalize(p.Why) + (p.Why.EndsWith('.') ? "" : "."))],
        });
    }

    private static string Describe(Permission permission) => permission switch
    {
        Permission.ChangeOwnDeal => "change own deals",
        Permission.ChangeRegionDeal => "change deals of your region",
        _ => string.Concat(permission.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? " " + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString())),
    };

    private static string Capitalize(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
