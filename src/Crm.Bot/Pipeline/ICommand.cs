using Crm.Domain.Replies;

namespace Crm.Bot.Pipeline;

/// <summary>One verb (or verb + noun) of the bot. The catalog finds every registered command.</summary>
public interface ICommand
{
    CommandDescriptor Descriptor { get; }

    /// <summary>What this use needs; null when anyone may run it (help, whoami).</summary>
    Requirement? RequiredFor(CommandArgs args);

    /// <summary>True when this use changes state: it then runs in one transaction under its idempotency key.</summary>
    bool Changes(CommandArgs args);

    /// <summary>Expected failures come back as a Reply (or a DomainException); nothing here is half-applied.</summary>
    Task<Reply> ExecuteAsync(CommandContext context, CommandArgs args, CancellationToken cancellationToken);
}
