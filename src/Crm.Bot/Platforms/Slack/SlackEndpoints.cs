using Crm.Bot.Platforms.Slack.Install;

namespace Crm.Bot.Platforms.Slack;

/// <summary>The three URLs Slack calls (each verifies the signature before it reads anything), and the OAuth install pages.</summary>
public static class SlackEndpoints
{
    public const string Commands = "/slack/commands";
    public const string Events = "/slack/events";
    public const string Interactions = "/slack/interactions";

    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder app)
    {
        app.MapPost(Commands, (HttpContext http, SlackCommandHandler handler) => handler.HandleAsync(http)).DisableAntiforgery();
        app.MapPost(Events, (HttpContext http, SlackEventHandler handler) => handler.HandleAsync(http)).DisableAntiforgery();
        app.MapPost(Interactions, (HttpContext http, SlackInteractionHandler handler) => handler.HandleAsync(http)).DisableAntiforgery();
        app.MapSlackInstall();
        return app;
    }
}
