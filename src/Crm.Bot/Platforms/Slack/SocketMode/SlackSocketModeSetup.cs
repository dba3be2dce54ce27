namespace Crm.Bot.Platforms.Slack.SocketMode;

/// <summary>Registers Socket Mode; it connects only while <c>Slack:AppToken</c> is set.</summary>
internal static class SlackSocketModeSetup
{
    public static IServiceCollection AddSlackSocketMode(this IServiceCollection services)
    {
        services.AddHttpClient(SlackConnectionsOpen.ClientName);
        services.AddSingleton<SlackConnectionsOpen>();
        services.AddSingleton<SlackEnvelopeDispatcher>();
        services.AddHostedService<SlackSocketModeService>();
        return services;
    }
}
