namespace Crm.Bot.Pipeline;

/// <summary>
/// The platform delivered this request before (a retry or a replay): the first delivery owns it, so
/// this one must neither change nor answer anything. The platform edge turns it into silence.
/// </summary>
public sealed class DuplicateDeliveryException(string deliveryKey) : Exception($"Delivery {deliveryKey} was handled before.")
{
    public string DeliveryKey { get; } = deliveryKey;
}
