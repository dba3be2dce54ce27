using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Crm.Bot.Delivery;
using Crm.Bot.Pipeline;
using Crm.Domain.Common;
using Crm.Domain.Replies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// POST /slack/interactions: a button click re-enters the pipeline with the button's command; a form
/// button opens a modal; a modal submission is validated (errors shown inside it) and then runs.
/// Socket Mode runs the same steps after the signature check (<see cref="HandleVerifiedAsync"/>).
/// </summary>
public sealed class SlackInteractionHandler(
    SlackRequestReader reader,
    SlackBackgroundWork background,
    SlackApiClient api,
    AnswerOutbox answers,
    IOptions<SlackOptions> options,
    TimeProvider time,
    ILogger<SlackInteractionHandler> log)
{
    public async Task<IResult> HandleAsync(HttpContext http)
    {
        var body = await reader.ReadBodyAsync(http.Request, http.RequestAborted);
        if (body is null) return SlackRequestReader.TooLarge;
        if (!reader.IsAuthentic(http.Request, body)) return Results.Unauthorized();

        var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
        SlackInteraction? payload = null;
        try
        {
            if (form.TryGetValue("payload", out var json))
                payload = JsonSerializer.Deserialize<SlackInteraction>(json.ToString(), SlackJson.Options);
        }
        catch (JsonException)
        {
        }
        return (await HandleVerifiedAsync(payload, http.RequestAborted)).ToResult();
    }

    /// <summary>
    /// Everything after the signature check, shared by <c>/slack/interactions</c> and Socket Mode: the answer
    /// is what Slack gets back (the HTTP response, or the payload of the envelope's ack).
    /// </summary>
    internal async Task<SlackAck> HandleVerifiedAsync(SlackInteraction? payload, CancellationToken cancellationToken)
    {
        // JSON null passes for any field, so what the code relies on is checked here, once.
        if (payload?.User?.Id is not { Length: > 0 } || string.IsNullOrEmpty(payload.TriggerId))
            return SlackAck.BadRequest("An interaction needs a payload with user and trigger_id.");

        var team = payload.Team?.Id ?? payload.User.TeamId ?? "";
        return payload.Type switch
        {
            "block_actions" => await ActionsAsync(payload, team, cancellationToken),
            "view_submission" when payload.View?.CallbackId == SlackModalBuilder.CallbackId => await SubmitAsync(payload, team, cancellationToken),
            _ => SlackAck.Ok,
        };
    }

    private async Task<SlackAck> ActionsAsync(SlackInteraction payload, string team, CancellationToken cancellationToken)
    {
        var action = payload.Actions?.FirstOrDefault(a => a?.ActionId is { } id && id.StartsWith("crm:", StringComparison.Ordinal) && !string.IsNullOrEmpty(a.Value));
        if (action is null) return SlackAck.Ok;
        var channel = payload.Channel?.Id;
        var dm = channel is null || channel.StartsWith('D');
        var target = new SlackReplyTarget(payload.User!.Id, channel, payload.ResponseUrl, IsDirectMessage: dm);

        if (action.ActionId.StartsWith(SlackBlockBuilder.FormActionPrefix, StringComparison.Ordinal))
        {
            var button = Deserialize<SlackFormButton>(action.Value!);
            if (button is null || !SlackForms.IsComplete(button.Command, button.Form)) return SlackAck.Ok;
            var state = new SlackFormState(button.Command, button.Form, team, dm ? null : channel, payload.Channel?.Name, payload.ResponseUrl, dm);
            await OpenAsync(state, payload.TriggerId!, new SlackReplyAddress(team, target, SlackReplyAddress.KeyFor(team, payload.TriggerId!)), cancellationToken);
            return SlackAck.Ok;
        }

        var request = new ChatRequest(Platform.Slack, team, dm ? null : channel, payload.User.Id, action.Value!, payload.TriggerId!, ReplyVisibility.Private)
        {
            ChannelName = dm ? null : payload.Channel?.Name,
            FromButton = true,
            // Slack ignores the body of a block_actions ack: the answer is stored with the click's own save and follows via response_url.
            ReplyTo = new SlackReplyAddress(team, target, SlackReplyAddress.KeyFor(team, payload.TriggerId!)),
        };
        _ = background.RunCommand("button", $"slack:trigger:{payload.TriggerId}", request);
        return SlackAck.Ok;
    }

    private async Task OpenAsync(SlackFormState state, string triggerId, SlackReplyAddress address, CancellationToken cancellationToken)
    {
        var view = SlackModalBuilder.Build(state);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMilliseconds(options.Value.InlineReplyBudgetMs));
        try
        {
            if (view is null) throw new SlackApiException("views.open", "form_too_large", isPermanent: true);
            await api.OpenViewAsync(address.Workspace, triggerId, view, deadline.Token);
        }
        catch (Exception e) when (e is SlackApiException or OperationCanceledException)
        {
            log.LogWarning("Could not open form {Title}: {Error}", state.Form.Title, (e as SlackApiException)?.Error ?? "timeout");
            try
            {
                await answers.StoreAsync(address, Reply.Error($"I could not open the “{state.Form.Title}” form. Please type the command instead."), CancellationToken.None);
            }
            catch (Exception failure)
            {
                log.LogError(failure, "The notice that form {Title} could not be opened was not stored", state.Form.Title);
            }
        }
    }

    private async Task<SlackAck> SubmitAsync(SlackInteraction payload, string team, CancellationToken cancellationToken)
    {
        var state = SlackModalBuilder.ReadState(payload.View!.PrivateMetadata);
        if (state is null || state.Team is null || !SlackForms.IsComplete(state.Command, state.Form))
            return SlackAck.BadRequest("The form's metadata is missing or damaged.");
        var values = SlackModalBuilder.ReadValues(payload.View.State);
        var errors = SlackForms.Validate(state.Form, values);
        if (errors.Count > 0) return Errors(errors);

        var user = payload.User!.Id;
        var target = new SlackReplyTarget(user, state.Channel, state.ResponseUrl, IsDirectMessage: state.DirectMessage);
        var request = new ChatRequest(Platform.Slack, state.Team, state.Channel, user, SlackForms.Fill(state.Command, state.Form, values),
            payload.TriggerId!, ReplyVisibility.Private) { ChannelName = state.ChannelName, FromButton = true };

        // The form stays open showing an error given in time; every other answer is stored with the form's own save.
        var timing = new AnswerTiming(reply => reply.Tone is ReplyTone.Error or ReplyTone.Denied, restFollows: false);
        request = request with { ReplyTo = new SlackReplyAddress(state.Team, target, SlackReplyAddress.KeyFor(state.Team, payload.TriggerId!)) { Timing = timing } };
        var work = background.RunCommand("form submission", $"slack:trigger:{payload.TriggerId}", request);
        var budget = TimeSpan.FromMilliseconds(options.Value.InlineReplyBudgetMs);
        if (await SlackBackgroundWork.FinishedWithinAsync(work, budget, time, cancellationToken) || !timing.TryGoLate())
        {
            var inline = await work;
            // Decided by the pipeline when it stored the answer; an answer it never stored (it failed) is decided here.
            if (inline is not null && timing.TryAnswerInline(inline))
            {
                // The modal stays open with the reason next to the first field, so nothing typed is lost.
                var first = state.Form.Inputs[0].Id;
                return Errors(new Dictionary<string, string> { [first] = SlackText.Shorten(inline.FallbackText, 2000) });
            }
        }
        return SlackAck.Json(new JsonObject { ["response_action"] = "clear" });
    }

    private static SlackAck Errors(Dictionary<string, string> errors)
    {
        var map = new JsonObject();
        foreach (var (block, message) in errors) map[block] = message;
        return SlackAck.Json(new JsonObject { ["response_action"] = "errors", ["errors"] = map });
    }

    private static T? Deserialize<T>(string json) where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, SlackJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
