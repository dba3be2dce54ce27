using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Bot.Hosting.Logging;

/// <summary>Every HttpClient of the host logs through <see cref="RedactingHttpClientLogger"/> instead of the factory's default loggers.</summary>
public static class HttpClientLogging
{
    public static IServiceCollection AddRedactedHttpLogging(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PreAuthRejections>();
        services.ConfigureHttpClientDefaults(client => client
            .RemoveAllLoggers()
            .AddLogger(sp => new RedactingHttpClientLogger(sp.GetRequiredService<ILoggerFactory>().CreateLogger($"System.Net.Http.HttpClient.{client.Name}"))));
        return services;
    }
}
