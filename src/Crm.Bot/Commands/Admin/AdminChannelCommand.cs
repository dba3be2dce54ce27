using Crm.Bot.Pipeline;
using Crm.Bot.Replies;
using Crm.Domain.Access;
using Crm.Domain.Replies;

namespace Crm.Bot.Commands.Admin;

/// <summary>Binds the channel this is typed in to a department (its clearance), or unbinds it with "none".</summary>
public sealed class AdminChannelCommand : ICommand
{
    public CommandDescriptor Descriptor { get; } = new("admin", "channel", "admin channel <department>|none",
        "bind this channel to a department (what may be posted here)", ["admin channel finance", "admin channel none"], [Permission.Admin]);

    public Requirement? RequiredFor(CommandArgs args) => new(Permission.Admin, "bind channels");

    public bool Changes(CommandArgs args) => true;

    public Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken ct)
    {
        if (context.Channel is not { } channel)
            return Task.FromResult(ReplyKit.Problem("Run `admin channel <department>` in the channel to bind, or `admin bind <platform:workspace:channel> <department>` from anywhere."));
        if (args.Count != 1) return Task.FromResult(ReplyKit.Usage(Descriptor));
        return Task.FromResult(ChannelBinding.Bind(context, channel, ChannelBinding.ParseTarget(args.Word(0))));
    }
}
