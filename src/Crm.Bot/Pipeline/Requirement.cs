using Crm.Domain.Access;

namespace Crm.Bot.Pipeline;

/// <summary>The permission one particular use of a command needs, and how to say it in a denial ("change deals").</summary>
public sealed record Requirement(Permission Permission, string What);
