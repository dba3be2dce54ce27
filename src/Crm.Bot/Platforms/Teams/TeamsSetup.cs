using Crm.Bot.Cli;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Teams;

/// <summary>Microsoft Teams: inbound activities, the Bot Connector, Graph identities and the app package.</summary>
public static class TeamsSetup
{
    public static IServiceCollection AddTeams(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidator>();
        services.TryAddTimeProvider();

        if (services.All(d => d.ServiceType != typeof(Crm.Bot.Hosting.Logging.PreAuthRejections))) services.AddSingleton<Crm.Bot.Hosting.Logging.PreAuthRejections>();
        services.AddHttpClient(BotFrameworkKeyCache.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddHttpClient(EntraTokenProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        // Every answer goes through this client, so the factory's per-request log handlers (two log
        // scopes and lines per call) are left out; the connector client logs what went wrong itself.
        services.AddHttpClient(TeamsConnectorClient.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(60))
            .RemoveAllLoggers()
            .AddHttpMessageHandler<TeamsConnectorRetryHandler>();
        services.AddTransient<TeamsConnectorRetryHandler>();
        services.AddTransient<GraphThrottleHandler>();
        services.AddHttpClient(TeamsGraphDirectory.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(8))
            .AddHttpMessageHandler<GraphThrottleHandler>();

        services.AddSingleton<BotFrameworkKeyCache>();
        services.AddHostedService<BotFrameworkKeyWarmUp>();
        services.AddSingleton<BotFrameworkTokenValidator>();
        services.AddSingleton<EntraTokenProvider>();
        services.AddSingleton<TeamsServiceUrlRegistry>();
        services.AddSingleton<TeamsConnectorClient>();
        services.AddSingleton<TeamsConversationRoster>();
        services.AddSingleton<TeamsConversationStore>();
        services.AddSingleton<TeamsActivityDeduplicator>();
        services.AddSingleton<TeamsAnswerRouting>();
        services.AddSingleton<Crm.Bot.Delivery.IAnswerRouting>(sp => sp.GetRequiredService<TeamsAnswerRouting>());
        services.AddSingleton<AdaptiveCardRenderer>();
        services.AddSingleton<Crm.Bot.TryIt.IReplyPreview, TeamsReplyPreview>();
        services.AddSingleton<TeamsDeliveryProblems>();
        services.AddSingleton<TeamsTargetResolver>();
        services.AddSingleton<TeamsMessageTransport>();
        services.AddSingleton<IMessageTransport>(sp => sp.GetRequiredService<TeamsMessageTransport>());
        services.AddSingleton<TeamsLifecycle>();
        services.AddSingleton<TeamsInvokeHandler>();
        services.AddSingleton<TeamsMessageExtensionHandler>();
        services.AddSingleton<TeamsActivityHandler>();
        services.AddSingleton<TeamsGraphDirectory>();
        services.AddSingleton<IDirectory>(sp => sp.GetRequiredService<TeamsGraphDirectory>());
        services.AddSingleton<IGroupDirectory>(sp => sp.GetRequiredService<TeamsGraphDirectory>());
        services.AddSingleton<ICliVerb, TeamsManifestVerb>();
        return services;
    }

    public static IEndpointRouteBuilder MapTeams(this IEndpointRouteBuilder app)
    {
        app.MapPost(TeamsActivityEndpoint.Route, TeamsActivityEndpoint.HandleAsync);
        return app;
    }

    private static void TryAddTimeProvider(this IServiceCollection services)
    {
        if (services.All(d => d.ServiceType != typeof(TimeProvider)))
            services.AddSingleton(TimeProvider.System);
    }
}
