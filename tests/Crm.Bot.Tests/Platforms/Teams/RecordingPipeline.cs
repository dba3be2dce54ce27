using System.Collections.Concurrent;
using Crm.Bot.Pipeline;
using Crm.Domain.Replies;

namespace Crm.Bot.Tests.Platforms.Teams;

/// <summary>
/// A hand-written pipeline for edge tests: records each request and answers with a card naming
/// the command and the audience it was rendered for, so tests see exactly what the edge passed on.
/// </summary>
public sealed class RecordingPipeline : ICommandPipeline
{
    private readonly ConcurrentQueue<ChatRequest> _requests = new();

    public IReadOnlyList<ChatRequest> Requests => _requests.ToList();

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>Answers with this visibility instead of the request's (a command that only ever answers privately).</summary>
    public ReplyVisibility? AnswerVisibility { get; set; }

    /// <summary>When set, the answer to every request (a long report, an error).</summary>
    public Func<ChatRequest, Reply>? Answer { get; set; }

    public async Task<Reply> RunAsync(ChatRequest request, CancellationToken cancellationToken)
    {
        _requests.Enqueue(request);
        if (Delay > TimeSpan.Zero)
            await Task.Delay(Delay, cancellationToken);
        if (Answer is { } answer) return answer(request);
        return new Reply
        {
            Visibility = AnswerVisibility ?? request.Visibility,
            FallbackText = $"ran {request.Text}",
            Blocks =
            [
                new HeadingBlock($"ran {request.Text}"),
                new FieldsBlock([new ReplyField("Audience", request.Visibility.ToString())]),
                new ActionsBlock([new ReplyButton("Again", request.Text)]),
            ],
        };
    }
}
