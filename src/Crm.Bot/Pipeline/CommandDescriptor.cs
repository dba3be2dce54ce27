using Crm.Domain.Access;

namespace Crm.Bot.Pipeline;

/// <summary>
/// What a command is, for people and for platforms: help, the Teams command list and the Slack usage
/// hint are generated from these. <paramref name="Permissions"/> are alternatives (any one shows the
/// command in help); empty means everyone, even a person without a role.
/// </summary>
public sealed record CommandDescriptor(
    string Verb,
    string? Noun,
    string Usage,
    string Summary,
    IReadOnlyList<string> Examples,
    IReadOnlyList<Permission> Permissions)
{
    public string Name => Noun is null ? Verb : $"{Verb} {Noun}";

    public bool VisibleTo(Principal principal) =>
        Permissions.Count == 0 || Permissions.Any(principal.Has);
}
