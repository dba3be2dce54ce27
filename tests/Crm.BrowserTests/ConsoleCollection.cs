namespace Crm.BrowserTests;

/// <summary>One host and one browser for all console scenarios (starting Chromium is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleHost>
{
    public const string Name = "console";
}
