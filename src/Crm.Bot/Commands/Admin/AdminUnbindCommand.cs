using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Admin;

public sealed class AdminUnbindCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "unbind", "admin unbind <platform:workspace:channel>",
        "unbind a channel (basic fields only)", ["admin unbind slack:T0DEMO:C0GENERAL"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "bind channels");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count != 1) return ReplyKit.Usage(Descriptor);
        var channel = await ChannelBinding.FindAsync(context, args.Word(0)!, ct);
        return ChannelBinding.Bind(context, channel, null);
    }
}
