using System.Text;
using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Domain.Replies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// POST /slack/commands: verify, then run the command. The answer goes back in the HTTP response
/// when it is ready within the budget; otherwise Slack gets an immediate ack and the answer follows
/// through response_url. Socket Mode runs the same steps after the signature check (<see cref="HandleVerifiedAsync"/>).
/// </summary>
public sealed class SlackCommandHandler(
    SlackRequestReader reader,
    SlackBackgroundWork background,
    BlockKitRenderer renderer,
    SlackApiClient api,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackCommandHandler> log)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var body = await reader.ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null) return SlackRequestReader.TooLarge;
        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        // Slack's certificate check carries no signature and asks for nothing but a 200.
        if (form.TryGetValue("ssl_check", out var ssl) && ssl == "1") return Results.Ok();
        if (!reader.IsAuthentic(http.Request, body)) return Results.Unauthorized();

        return (await HandleVerifiedAsync(form, http.RequestAborted)).ToResult();
    }

    /// <summary>
    /// Everything after the signature check, shared by <c>/slack/commands</c> and Socket Mode: the answer is
    /// what Slack gets back (the HTTP response, or the payload of the envelope's ack).
    /// </summary>
    internal async Task<SlackAck> HandleVerifiedAsync(IDictionary<string, StringValues> form, CancellationToken cancellationToken)
    {
        var command = SlackSlashCommand.From(form);
        if (command is null)
            return SlackAck.BadRequest("A slash command needs team_id, user_id, channel_id and trigger_id.");

        if (SlackForms.TryShortcut(command.Text, out var template, out var shortcutForm, out var customer))
            return await OpenFormAsync(command, template, shortcutForm, customer, cancellationToken);

        // The pipeline decides once, when it stores the answer: inline (only parts the response cannot hold
        // are stored) or late (the answer is stored with the command's own save and sent from there).
        var timing = new AnswerTiming();
        var request = command.ToChatRequest() with
        {
            ReplyTo = new SlackReplyAddress(command.TeamId, command.Target, SlackReplyAddress.KeyFor(command.TeamId, command.TriggerId)) { Timing = timing },
        };
        var work = background.RunCommand("slash command", $"slack:trigger:{command.TriggerId}", request);

        var budget = TimeSpan.FromMilliseconds(options.Value.InlineReplyBudgetMs);
        if (!await SlackBackgroundWork.FinishedWithinAsync(work, budget, time, cancellationToken) && timing.TryGoLate())
            return SlackAck.Json(new JsonObject { ["response_type"] = "ephemeral", ["text"] = "Working on it…" });
        // Ready in time, or decided inline just before the budget ran out: its save is waited for.
        var inline = await work;
        if (inline is null) return SlackAck.Ok;
        var first = timing.FirstRendered<SlackMessage>(inline) ?? renderer.RenderFirst(inline, out _);
        return SlackAck.Json(SlackMessageTransport.ResponseBody(first, inline.Visibility));
    }

    private async Task<SlackAck> OpenFormAsync(SlackSlashCommand command, string template, ReplyForm form, string? customer, CancellationToken cancellationToken)
    {
        var state = new SlackFormState(template, form, command.TeamId, command.InDirectMessage ? null : command.ChannelId,
            command.ChannelName, command.ResponseUrl, command.InDirectMessage);
        var initial = customer is null ? null : new Dictionary<string, string> { ["customer"] = customer };
        var view = SlackModalBuilder.Build(state, initial)!;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(options.Value.InlineReplyBudgetMs));
        try
        {
            await api.OpenViewAsync(command.TeamId, command.TriggerId, view, deadline.Token);
            return SlackAck.Ok;
        }
        catch (Exception e) when (e is SlackApiException or OperationCanceledException)
        {
            log.LogWarning("Could not open the {Form} form: {Error}", form.Title, (e as SlackApiException)?.Error ?? "timeout");
            return SlackAck.Json(new JsonObject
            {
                ["response_type"] = "ephemeral",
                ["text"] = $"I could not open the form. Type the whole command instead, e.g. `/crm {SlackText.Mrkdwn(Example(template))}`.",
            });
        }
    }

    private static string Example(string template) => template.StartsWith("note", StringComparison.Ordinal)
        ? "note acme Call went well, wants a demo"
        : "handoff acme to support Onboarding starts Monday";
}
