using System.Text.Json;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.TryIt;

/// <summary>A typed line from the page.</summary>
public sealed record ConsoleSend(string? User, string? Platform, string? Channel, string? Text);

/// <summary>A clicked button (the neutral button the rendered one came from) and any form answers.</summary>
public sealed record ConsoleClick(string? User, string? Platform, string? Channel, JsonElement Button, Dictionary<string, string>? Answers);

/// <summary>Runs the page's typed lines and clicks through the one command pipeline, as the chosen platform would.</summary>
public sealed class ConsoleCommands(ICommandPipeline pipeline, ConsoleMessages messages, ConsoleChannelPosts posts, ConsoleFeed feed,
    ILogger<ConsoleCommands> log)
{
    public const int MaxLine = 4000;

    public Task<IResult> SendAsync(ConsoleSend send, CancellationToken cancellationToken)
    {
        var session = ConsoleSession.TryResolve(new ConsoleActor(send.User, send.Platform, send.Channel), out var problem);
        if (session is null) return Task.FromResult(Bad(problem));
        if (string.IsNullOrWhiteSpace(send.Text))
            return Task.FromResult(Bad("Type a command, for example \"help\" or \"show acme\"."));
        if (send.Text.Length > MaxLine)
            return Task.FromResult(Bad($"A command may be at most {MaxLine} characters (this one has {send.Text.Length})."));
        return RunAsync(session, session.Typed(send.Text), send.Text.Trim(), cancellationToken);
    }

    public Task<IResult> ClickAsync(ConsoleClick click, CancellationToken cancellationToken)
    {
        var session = ConsoleSession.TryResolve(new ConsoleActor(click.User, click.Platform, click.Channel), out var problem);
        if (session is null) return Task.FromResult(Bad(problem));
        ReplyButton? button;
        try
        {
            button = click.Button.ValueKind == JsonValueKind.Object ? click.Button.Deserialize<ReplyButton>(ReplyJson.Options) : null;
        }
        catch (JsonException)
        {
            button = null;
        }
        if (button is null || string.IsNullOrWhiteSpace(button.Command))
            return Task.FromResult(Bad("The click names no button: send the button of the message (label, command, form)."));
        var line = FormCommand.Fill(button.Command, button.Form, click.Answers, out problem);
        if (line is null) return Task.FromResult(Bad(problem));
        return RunAsync(session, session.Clicked(line), null, cancellationToken);
    }

    private async Task<IResult> RunAsync(ConsoleSession session, ChatRequest request, string? typedLine, CancellationToken cancellationToken)
    {
        Reply reply;
        ConsoleChannelPosts.Stored stored;
        try
        {
            // What is said for the channel is stored by the pipeline with the command's own rows, as the platform edges' answers are.
            request = request with { ReplyTo = await posts.AddressAsync(session, request, typedLine, cancellationToken) };
            reply = await pipeline.RunAsync(request, cancellationToken);
            stored = posts.Saved;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var reference = Guid.NewGuid().ToString("N")[..8];
            log.LogError(e, "Console command failed (reference {Reference})", reference);
            return Results.Problem(statusCode: 500, title: $"The bot failed unexpectedly (reference {reference}).",
                detail: "The host's log has the details under that reference.");
        }
        if (stored.Post is not null || stored.Answer is not null)
            feed.Publish(new ConsoleDelivery(session.Platform, ConsoleSession.WorkspaceOf(session.Platform), Domain.Outbox.OutboxTargetKind.Channel,
                session.Channel!.ExternalId, stored.Answer ?? stored.Post!.Value));
        return Results.Ok(new
        {
            request = new { text = request.Text, visibility = request.Visibility.ToString().ToLowerInvariant(), fromButton = request.FromButton },
            message = messages.Present(reply, session.Platform),
            // Set when the line and/or the answer were posted into the channel: the page shows them from its timeline.
            posted = stored.Post is null && stored.Answer is null ? null : new { post = stored.Post, answer = stored.Answer },
        });
    }

    private static IResult Bad(string problem) =>
        Results.Problem(statusCode: 400, title: "That did not work.", detail: problem);
}
