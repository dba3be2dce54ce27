using Crm.Bot.Cli;
using Crm.Bot.Platforms.Slack.Install;
using Crm.Bot.Platforms.Slack.SocketMode;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>Registers the Slack edge: options, signature check, Web API client, directory, transport, handlers, Socket Mode, manifest verb.</summary>
public static class SlackSetup
{
    public static IServiceCollection AddSlack(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SlackOptions>().BindConfiguration(SlackOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SlackOptions>, SlackOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMemoryCache();

        services.TryAddSingleton<Crm.Bot.Hosting.Logging.PreAuthRejections>();
        services.AddSingleton<SlackSignatureVerifier>();
        services.AddSingleton<SlackRequestReader>();
        services.AddSingleton<BlockKitRenderer>();
        services.AddSingleton<Crm.Bot.TryIt.IReplyPreview, SlackReplyPreview>();
        services.AddSingleton(sp => new CustomerLinks(sp.GetRequiredService<IOptions<SlackOptions>>().Value.CustomerLinkPattern));
        // Timeouts are per attempt inside the client, so the HttpClient's own must not cut retries short.
        services.AddHttpClient<SlackApiClient>(c => c.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSlackInstall();

        // Transient like the typed HttpClient it uses; the users.info cache lives in the shared IMemoryCache.
        services.AddTransient<SlackDirectory>();
        services.TryAddEnumerable(ServiceDescriptor.Transient<IDirectory, SlackDirectory>(sp => sp.GetRequiredService<SlackDirectory>()));
        services.TryAddEnumerable(ServiceDescriptor.Transient<IMessageTransport, SlackMessageTransport>());
        services.AddTransient<SlackMessageTransport>();

        services.AddSingleton<SlackBackgroundWork>();
        services.AddHostedService(sp => sp.GetRequiredService<SlackBackgroundWork>());
        services.AddScoped<SlackPipelineRunner>();
        services.AddSingleton<Crm.Bot.Delivery.IAnswerRouting, SlackAnswerRouting>();
        services.AddScoped<SlackLinkUnfurler>();
        services.AddScoped<SlackHomeTab>();
        services.AddTransient<SlackChannelNames>();
        services.AddScoped<SlackEventRouter>();
        services.AddScoped<SlackCommandHandler>();
        services.AddScoped<SlackEventHandler>();
        services.AddScoped<SlackInteractionHandler>();

        services.AddSlackSocketMode();

        services.AddSingleton<ICliVerb, SlackManifestVerb>();
        return services;
    }
}
