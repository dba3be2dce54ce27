using Crm.Bot.Platforms.Teams;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>The Teams area's services alone (no host), configured with the given settings.</summary>
public static class TeamsServices
{
    public static ServiceProvider Build(IDictionary<string, string?> settings, TimeProvider? time = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        if (time is not null) services.AddSingleton(time);
        services.AddTeams(configuration);
        return services.BuildServiceProvider();
    }
}
