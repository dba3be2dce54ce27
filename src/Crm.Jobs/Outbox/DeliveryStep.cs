namespace Crm.Jobs.Outbox;

/// <summary>After one delivery: when the channel may take its next message, and whether it waits for this one's retry.</summary>
public sealed record DeliveryStep(DateTimeOffset ChannelFreeAt, bool Retrying);
