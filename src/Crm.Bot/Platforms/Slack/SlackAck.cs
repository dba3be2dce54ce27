using System.Text.Json.Nodes;

namespace Crm.Bot.Platforms.Slack;

/// <summary>
/// What a verified Slack request is answered with, whichever way it came: the HTTP endpoints turn it into
/// their response, Socket Mode into the envelope's ack (its <see cref="Body"/> as the ack's payload). A
/// request that could not be stored (<see cref="Stored"/> false) gets a 503 over HTTP and no ack over a
/// socket, so Slack sends it again either way.
/// </summary>
public sealed record SlackAck(int Status, JsonNode? Body = null, string? Problem = null)
{
    public static readonly SlackAck Ok = new(StatusCodes.Status200OK);

    public static readonly SlackAck Unavailable = new(StatusCodes.Status503ServiceUnavailable);

    public static SlackAck Json(JsonNode body) => new(StatusCodes.Status200OK, body);

    public static SlackAck BadRequest(string problem) => new(StatusCodes.Status400BadRequest, Problem: problem);

    /// <summary>False when nothing was stored and Slack must send the request again.</summary>
    public bool Stored => Status != StatusCodes.Status503ServiceUnavailable;

    public IResult ToResult() => Status switch
    {
        StatusCodes.Status200OK => Body is null ? Results.Ok() : Results.Json(Body),
        StatusCodes.Status400BadRequest => Results.BadRequest(Problem),
        _ => Results.StatusCode(Status),
    };
}
