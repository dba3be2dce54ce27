namespace Crm.FaultTests.Cluster;

/// <summary>Every scenario runs against the one cluster, one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class FaultClusterCollection : ICollectionFixture<FaultCluster>
{
    public const string Name = "fault cluster";
}
