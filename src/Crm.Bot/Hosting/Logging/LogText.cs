using System.Globalization;
using System.Text;

namespace Crm.Bot.Hosting.Logging;

/// <summary>
/// Makes a value that an attacker may have chosen (a header, an id from a body not yet authenticated)
/// safe to write into a log line: at most <see cref="MaxLength"/> characters, control, format
/// (bidi, zero-width) and non-ASCII characters written as \uXXXX escapes, so a value can neither
/// forge a line nor hide what it is.
/// </summary>
public static class LogText
{
    public const int MaxLength = 64;

    public static string Safe(string? value)
    {
        if (value is null) return "(none)";
        var text = new StringBuilder(Math.Min(value.Length, MaxLength) + 8);
        var taken = 0;
        foreach (var c in value)
        {
            if (taken == MaxLength) return text.Append("…(").Append(value.Length.ToString(CultureInfo.InvariantCulture)).Append(" chars)").ToString();
            if (c is >= ' ' and <= '~' && c != '\\') text.Append(c);
            else text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            taken++;
        }
        return text.ToString();
    }
}
