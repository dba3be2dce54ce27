using Crm.Domain.Common;
using Crm.Domain.Identity;
using Crm.Domain.Outbox;

// The folder is Console/, but a Crm.Bot.Console namespace would hide System.Console from every
// other Crm.Bot.* namespace; "TryIt" names the same area without that trap.
namespace Crm.Bot.TryIt;

/// <summary>
/// The try-it console: a page at "/" where a newcomer acts as any demo user, in any demo channel,
/// on Slack or Teams, and sees what the bot would show there. It stands in for each platform that
/// is not configured (directory and delivery), and is only served to this machine unless allowed.
/// </summary>
public static class ConsoleSetup
{
    public static IServiceCollection AddTryItConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().BindConfiguration(ConsoleOptions.Section).ValidateOnStart();
        var mode = ConsoleMode.From(configuration);
        services.AddSingleton(mode);
        if (!mode.Enabled)
            return services;

        services.AddSingleton<ConsoleAccessKey>();
        services.AddSingleton<ConsoleFeed>();
        services.AddSingleton<ConsoleMessages>();
        services.AddScoped<ConsoleCommands>();
        services.AddScoped<ConsoleTimeline>();
        services.AddScoped<ConsoleChannelPosts>();
        services.AddScoped<Crm.Bot.Delivery.IAnswerRouting>(sp => sp.GetRequiredService<ConsoleChannelPosts>());
        foreach (var platform in new[] { Platform.Slack, Platform.Teams }.Where(mode.StandsInFor))
        {
            // An unconfigured platform's own directory and transport cannot work (no token, no
            // app id); the console takes their place, so there is exactly one of each per platform.
            RemovePlatformServices(services, platform);
            services.AddSingleton<IDirectory>(new ConsoleDirectory(platform));
            services.AddSingleton<IMessageTransport>(sp => new ConsoleTransport(platform, sp.GetRequiredService<ConsoleFeed>()));
        }
        return services;
    }

    private static void RemovePlatformServices(IServiceCollection services, Platform platform)
    {
        var area = $"{typeof(ConsoleSetup).Namespace![..^".TryIt".Length]}.Platforms.{platform}";
        var replaced = services
            .Where(d => !d.IsKeyedService && (d.ServiceType == typeof(IDirectory) || d.ServiceType == typeof(IMessageTransport)))
            .Where(d => InArea(d.ImplementationType ?? d.ImplementationInstance?.GetType(), area)
                        || InArea(d.ImplementationFactory?.Method.DeclaringType, area)
                        || InArea(d.ImplementationFactory?.GetType().GenericTypeArguments.LastOrDefault(), area))
            .ToList();
        foreach (var descriptor in replaced)
            services.Remove(descriptor);
    }

    // A registration belongs to a platform when its type, or the factory that makes it, lives in that platform's folder.
    private static bool InArea(Type? type, string area) =>
        type?.Namespace is { } ns && (ns == area || ns.StartsWith(area + ".", StringComparison.Ordinal));

    public static WebApplication MapTryItConsole(this WebApplication app)
    {
        var mode = app.Services.GetRequiredService<ConsoleMode>();
        if (!mode.Enabled)
            return app;
        var key = app.Services.GetRequiredService<ConsoleAccessKey>();
        ConsoleEndpoints.Map(app, mode, key);
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            // The link carries this start's key, as a notebook server's does: it is the one way in.
            var links = app.Urls.Count > 0 ? string.Join(", ", app.Urls.Select(key.LinkFor).Distinct()) : $"the host's address with ?{ConsoleAccessKey.QueryName}={key.Value}";
            app.Logger.LogInformation("Try-it console: open {Links} in a browser on this machine{Remote}.", links,
                mode.AllowRemote ? " (other machines are allowed too: Console:AllowRemote is on)" : "");
        });
        return app;
    }
}
