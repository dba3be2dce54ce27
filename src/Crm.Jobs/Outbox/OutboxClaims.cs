using Microsoft.Extensions.Options;

namespace Crm.Jobs.Outbox;

/// <summary>
/// This host's one claim on outbox rows: the dispatcher's claims and the direct answers' rows carry
/// the same <see cref="Owner"/>, and every claim lasts <see cref="ClaimFor"/> unless
/// <see cref="ClaimHeartbeat"/> renews it.
/// </summary>
public sealed class OutboxClaims(IOptions<OutboxOptions> options)
{
    /// <summary>Host, process and a random part for each start (a restarted process never inherits claims).</summary>
    public string Owner { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    public TimeSpan ClaimFor => options.Value.ClaimFor;
}
