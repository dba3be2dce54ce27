namespace Crm.Domain.Idempotency;

/// <summary>
/// A state-changing request that was already handled, keyed by the platform's event / activity id
/// (or one the CLI makes). A repeat returns the stored result and changes nothing.
/// </summary>
public sealed class ProcessedRequest
{
    public string Key { get; set; } = "";
    public DateTimeOffset At { get; set; }
    /// <summary>The first answer (a Reply as JSON), returned again to a repeat.</summary>
    public string? ResultJson { get; set; }
}
