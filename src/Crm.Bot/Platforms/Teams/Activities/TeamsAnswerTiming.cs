namespace Crm.Bot.Platforms.Teams;

/// <summary>
/// Decides, exactly once, whether a card action's answer goes back in the invoke response (it was
/// ready within the budget) or is stored for the conversation (it was not). The pipeline asks when
/// it stages its answer, before its save; the invoke asks when its budget runs out.
/// </summary>
internal sealed class TeamsAnswerTiming
{
    private readonly Lock _gate = new();
    private bool? _inline;

    /// <summary>Pipeline side: true when the invoke response will carry the answer; false when the answer must be stored.</summary>
    public bool TryAnswerInline()
    {
        lock (_gate) return _inline ??= true;
    }

    /// <summary>Invoke side, once the budget ran out: true when the answer is not staged yet and will be stored instead.</summary>
    public bool TryGoLate()
    {
        lock (_gate) return !(_inline ??= false);
    }
}
