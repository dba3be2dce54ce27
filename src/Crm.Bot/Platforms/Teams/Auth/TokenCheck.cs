namespace Crm.Bot.Platforms.Teams;

/// <summary>The verdict on an inbound token. <see cref="Problem"/> is for the log only, never for the caller.</summary>
internal sealed record TokenCheck(bool IsValid, string? Problem)
{
    public static readonly TokenCheck Valid = new(true, null);

    public static TokenCheck Invalid(string problem) => new(false, problem);
}
