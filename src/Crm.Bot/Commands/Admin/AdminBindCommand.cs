using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Admin;

public sealed class AdminBindCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "bind", "admin bind <platform:workspace:channel> <department>",
        "bind any channel to a department", ["admin bind slack:T0DEMO:C0GENERAL marketing"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "bind channels");

    public bool Changes(CommandArgs args) => true;

    public async Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (args.Count != 2) return ReplyKit.Usage(Descriptor);
        var department = ChannelBinding.ParseTarget(args.Word(1));
        var channel = await ChannelBinding.FindAsync(context, args.Word(0)!, ct);
        return ChannelBinding.Bind(context, channel, department);
    }
}
