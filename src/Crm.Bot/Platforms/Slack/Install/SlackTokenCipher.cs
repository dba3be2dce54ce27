using Microsoft.AspNetCore.DataProtection;

namespace Crm.Bot.Platforms.Slack.Install;

/// <summary>
/// Slack tokens at rest: ASP.NET Core Data Protection, whose key ring is kept in the CRM database
/// (table <c>data_protection_keys</c>), so a token stored by one host is read by every other.
/// </summary>
public sealed class SlackTokenCipher(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("Crm.Bot.Slack.Installations.Tokens.v1");

    public string Protect(string token) => _protector.Protect(token);

    public string Unprotect(string stored) => _protector.Unprotect(stored);
}
