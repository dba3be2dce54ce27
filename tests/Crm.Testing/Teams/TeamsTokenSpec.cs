using Microsoft.IdentityModel.Tokens;

namespace Crm.Testing.Teams;

/// <summary>What a minted Bot Framework token says; the defaults make a valid one.</summary>
public sealed record TeamsTokenSpec(string Audience, string ServiceUrl)
{
    public string Issuer { get; init; } = FakeBotFrameworkAuth.Issuer;
    public string? KeyId { get; init; } = FakeBotFrameworkAuth.TeamsKeyId;
    public string Algorithm { get; init; } = SecurityAlgorithms.RsaSha256;
    public TimeSpan NotBeforeOffset { get; init; } = TimeSpan.FromMinutes(-1);
    public TimeSpan ExpiresIn { get; init; } = TimeSpan.FromMinutes(59);
}
