namespace Crm.Bot.Telemetry;

/// <summary>Section <c>Telemetry</c>. Export itself is configured by the standard <c>OTEL_*</c> variables.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Record spans even without an OTLP endpoint (for an exporter added in code, e.g. tests).</summary>
    public bool Tracing { get; set; }

    /// <summary>Let callers other than this machine read <c>/metrics</c> (a Prometheus on another host).</summary>
    public bool MetricsAllowRemote { get; set; }
}
