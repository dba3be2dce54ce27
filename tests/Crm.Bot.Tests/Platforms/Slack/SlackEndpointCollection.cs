namespace Crm.Bot.Tests.Platforms.Slack;

/// <summary>Endpoint test classes share one database, fake Slack and host, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class SlackEndpointCollection : ICollectionFixture<SlackEndpointFixture>
{
    public const string Name = "Slack endpoints";
}
