namespace Crm.Bot.Cli;

/// <summary>
/// The arguments after a verb's name: positional values, <c>--name value</c> options and <c>--flag</c>
/// switches. Anything a verb does not know is an error, so a typo never silently changes what runs.
/// </summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _flags = new(StringComparer.OrdinalIgnoreCase);

    private CliArguments() { }

    public List<string> Positional { get; } = [];

    public bool Has(string flag) => _flags.Contains(flag);

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>Parses; <paramref name="error"/> says what was wrong when it returns null.</summary>
    public static CliArguments? Parse(IReadOnlyList<string> args, IReadOnlyCollection<string> options, IReadOnlyCollection<string> flags,
        out string? error)
    {
        var parsed = new CliArguments();
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                parsed.Positional.Add(arg);
                continue;
            }
            var (name, inline) = arg.IndexOf('=') is var eq and > 0 ? (arg[..eq], arg[(eq + 1)..]) : (arg, null);
            if (flags.Contains(name, StringComparer.OrdinalIgnoreCase) && inline is null)
                parsed._flags.Add(name);
            else if (options.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                {
                    error = $"{name} needs a value.";
                    return null;
                }
                parsed._options[name] = value;
            }
            else
            {
                error = $"Unknown option '{name}'.";
                return null;
            }
        }
        return parsed;
    }

    /// <summary>The option as a whole number within bounds, or the fallback when absent.</summary>
    public bool TryInt(string name, long fallback, long min, long max, out long value, out string? error)
    {
        error = null;
        value = fallback;
        if (Option(name) is not { } text) return true;
        if (long.TryParse(text.Replace("_", ""), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max)
            return true;
        error = $"{name} must be a whole number from {min:N0} to {max:N0} (got '{text}').";
        return false;
    }
}
