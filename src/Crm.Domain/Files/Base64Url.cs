namespace Crm.Domain.Files;

/// <summary>URL-safe base64 without padding, read strictly: a text that does not re-encode to itself is refused.</summary>
public static class Base64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string text, out byte[] bytes)
    {
        bytes = [];
        foreach (var c in text)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_')) return false;
        var padded = text.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", 0 => "", _ => "!" };
        if (padded.EndsWith('!')) return false;
        try
        {
            bytes = Convert.FromBase64String(padded);
            // Base64 tolerates stray low bits in the last character; a re-encoding that differs is a tampered id.
            return Encode(bytes) == text;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
