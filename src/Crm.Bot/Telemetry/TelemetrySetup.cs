using Crm.Jobs.Telemetry;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Crm.Bot.Telemetry;

/// <summary>
/// OpenTelemetry for the host: the product's meter (<see cref="CrmMetrics"/>) with ASP.NET Core's,
/// HttpClient's and the runtime's, scraped at <c>/metrics</c>; spans of the product (<see cref="CrmTracing"/>),
/// ASP.NET Core, HttpClient and Npgsql. OTLP export (traces, metrics, logs) is on only when an
/// <c>OTEL_EXPORTER_OTLP_*ENDPOINT</c> variable is set, and configured by the standard <c>OTEL_*</c>
/// variables (protocol, headers, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>, …).
/// Spans are recorded only when something exports them (an endpoint, or <c>Telemetry:Tracing</c>).
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";
    public const string DefaultServiceName = "crm-bot";

    private static readonly string[] OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT",
        "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    public static IServiceCollection AddCrmTelemetry(this IServiceCollection services, IConfiguration configuration, ILoggingBuilder logging)
    {
        services.AddOptions<TelemetryOptions>().Bind(configuration.GetSection("Telemetry"));
        services.AddCrmMetrics();
        var otlp = Exports(configuration);
        var tracing = otlp || configuration.GetValue("Telemetry:Tracing", false);

        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                // OTEL_SERVICE_NAME, when given, names the service; otherwise it is crm-bot.
                if (string.IsNullOrWhiteSpace(configuration["OTEL_SERVICE_NAME"])) resource.AddService(DefaultServiceName);
            })
            .WithMetrics(metrics => metrics
                .AddMeter(CrmMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (tracing)
            telemetry.WithTracing(traces => traces
                .AddSource(CrmTracing.SourceName, "Npgsql")
                // Probes and scrapes would bury the requests that matter.
                .AddAspNetCoreInstrumentation(o =>
                {
                    o.Filter = http => !IsProbe(http.Request.Path);
                    // A file link is the credential to its file: spans name the route, never the signed id.
                    o.EnrichWithHttpRequest = (activity, request) =>
                    {
                        if (request.Path.StartsWithSegments("/files")) activity.SetTag("url.path", "/files/{signed}");
                    };
                })
                .AddHttpClientInstrumentation());
        if (otlp)
        {
            logging.AddOpenTelemetry(o => o.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }

        // Every console log line carries the trace and span ids of the request it belongs to (the host's
        // activity tracking puts them in a scope; the formatters print scopes).
        services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return services;
    }

    /// <summary>Whether an OTLP endpoint is configured (then traces, metrics and logs are exported).</summary>
    public static bool Exports(IConfiguration configuration) =>
        OtlpEndpointVariables.Any(v => !string.IsNullOrWhiteSpace(configuration[v]));

    public static WebApplication MapCrmTelemetry(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>();
        app.UseWhen(http => http.Request.Path.StartsWithSegments(MetricsPath), branch => branch.Use((http, next) =>
            MetricsAccess.Allowed(http, options.Value) ? next(http) : MetricsAccess.RefuseAsync(http)));
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }

    private static bool IsProbe(PathString path) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments("/readyz") || path.StartsWithSegments(MetricsPath);
}
