using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Crm.Jobs.Telemetry;

public static class CrmMetricsSetup
{
    /// <summary>The host's meter factory and the product's instruments; safe to call from every area that records.</summary>
    public static IServiceCollection AddCrmMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.TryAddSingleton<CrmMetrics>();
        return services;
    }
}
