using Microsoft.IdentityModel.Tokens;

namespace Crm.Bot.Platforms.Teams;

/// <summary>A Bot Framework signing key and the channels it may sign for (its <c>endorsements</c>).</summary>
internal sealed record BotFrameworkSigningKey(string KeyId, SecurityKey Key, IReadOnlySet<string> Endorsements);
