using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Hosting;

/// <summary>Turns an exception that stopped the host's start into one line an operator can act on.</summary>
public static partial class HostStartFailure
{
    public static string Describe(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is IOException && e.InnerException?.GetType().Name == "AddressInUseException" || e.GetType().Name == "AddressInUseException")
            {
                var port = BoundAddress().Match(e.Message) is { Success: true } m && Uri.TryCreate(m.Groups["url"].Value, UriKind.Absolute, out var url)
                    ? url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : null;
                return port is null
                    ? $"the address is in use ({e.Message}); set --urls or ASPNETCORE_URLS"
                    : $"port {port} is in use; set --urls or ASPNETCORE_URLS";
            }
            if (e is OptionsValidationException options)
                return $"Crm.Bot cannot start: {string.Join(" ", options.Failures)}";
        }
        var inner = exception;
        while (inner.InnerException is not null && inner is AggregateException or System.Reflection.TargetInvocationException) inner = inner.InnerException;
        return $"Crm.Bot cannot start: {inner.Message}";
    }

    [GeneratedRegex(@"address (?<url>\S+?): address already in use", RegexOptions.IgnoreCase)]
    private static partial Regex BoundAddress();
}
