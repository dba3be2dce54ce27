namespace Crm.FaultTests.Cluster;

/// <summary>One post the fakes received (see Crm.Fakes.ReceivedPost): Status 0 = connection reset.</summary>
public sealed record Post(long Seq, string Platform, string Method, string Channel, string Key, string? Text, int Status, int? RetryAfterSeconds, double ArrivedAtMs)
{
    public bool Delivered => Status is >= 200 and < 300;
}
