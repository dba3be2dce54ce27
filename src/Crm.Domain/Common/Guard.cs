using System.Net.Mail;
using System.Text.RegularExpressions;

namespace Crm.Domain.Common;

/// <summary>Invariant checks shared by the entities, each failing with a user-readable message.</summary>
public static partial class Guard
{
    public static string Required(string? value, string what, int maxLength = 200)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
            throw new DomainException($"{what} is required.");
        if (trimmed.Length > maxLength)
            throw new DomainException($"{what} is too long ({trimmed.Length} characters; at most {maxLength}).");
        if (trimmed.Any(char.IsControl))
            throw new DomainException($"{what} must not contain control characters.");
        return trimmed;
    }

    public static string? Optional(string? value, string what, int maxLength = 200) =>
        string.IsNullOrWhiteSpace(value) ? null : Required(value, what, maxLength);

    public static decimal NonNegativeAmount(decimal amount, string what)
    {
        if (amount < 0)
            throw new DomainException($"{what} must be zero or more (got {amount}).");
        if (amount > 1_000_000_000_000m)
            throw new DomainException($"{what} is implausibly large ({amount}).");
        return decimal.Round(amount, 2);
    }

    public static string Email(string? value, string what = "E-mail")
    {
        var email = Required(value, what, 254).ToLowerInvariant();
        if (!EmailShape().IsMatch(email) || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
            throw new DomainException($"{what} '{email}' is not a valid address (expected name@domain.example).");
        return email;
    }

    public static string? OptionalEmail(string? value, string what = "E-mail") =>
        string.IsNullOrWhiteSpace(value) ? null : Email(value, what);

    public static string? Phone(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var phone = value.Trim();
        var digits = phone.Count(char.IsDigit);
        if (!PhoneShape().IsMatch(phone) || digits < 5 || digits > 15)
            throw new DomainException($"Phone '{phone}' is not valid (digits, spaces, + - ( ) only; 5 to 15 digits).");
        return phone;
    }

    public static string Currency(string? value)
    {
        var code = (value ?? "").Trim().ToUpperInvariant();
        if (!CurrencyShape().IsMatch(code))
            throw new DomainException($"Currency '{value}' is not a three-letter ISO code such as EUR or USD.");
        return code;
    }

    public static string Domain(string? value)
    {
        var domain = Required(value, "Domain", 253).ToLowerInvariant();
        // A pasted address is reduced to its host; one that is not even an address is refused.
        if (domain.StartsWith("http://") || domain.StartsWith("https://"))
        {
            // "http://[" is a URL only in shape: say so instead of failing inside the parser.
            if (!Uri.TryCreate(domain, UriKind.Absolute, out var url) || url.HostNameType != UriHostNameType.Dns)
                throw new DomainException($"Domain '{UntrustedText.Clip(domain, 80)}' is not valid (expected something like acme.example or https://acme.example).");
            domain = url.Host;
        }
        if (!DomainShape().IsMatch(domain))
            throw new DomainException($"Domain '{domain}' is not valid (expected something like acme.example).");
        return domain;
    }

    public static string? OptionalDomain(string? value) => string.IsNullOrWhiteSpace(value) ? null : Domain(value);

    [GeneratedRegex(@"^[a-z0-9._%+'-]+@[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z]{2,}$")]
    private static partial Regex EmailShape();

    [GeneratedRegex(@"^\+?[0-9 ()\-.]+$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyShape();

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")]
    private static partial Regex DomainShape();
}
