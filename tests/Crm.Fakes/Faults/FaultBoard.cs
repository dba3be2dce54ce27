namespace Crm.Fakes.Faults;

/// <summary>The fault rules in force; the first rule that matches a post decides its answer.</summary>
public sealed class FaultBoard
{
    private sealed class Active(FaultRule rule, DateTimeOffset? until)
    {
        public FaultRule Rule { get; } = rule;
        public DateTimeOffset? Until { get; } = until;
        public int CallsLeft = rule.Calls ?? int.MaxValue;
    }

    private readonly List<Active> _rules = [];

    public void Add(FaultRule rule)
    {
        lock (_rules) _rules.Add(new Active(rule, rule.Seconds is { } s ? DateTimeOffset.UtcNow.AddSeconds(s) : null));
    }

    public void Clear()
    {
        lock (_rules) _rules.Clear();
    }

    /// <summary>The fault this post meets, or null when it is to be answered normally.</summary>
    public FaultRule? Match(string platform, string channel, DateTimeOffset now)
    {
        lock (_rules)
        {
            _rules.RemoveAll(r => r.CallsLeft <= 0 || r.Until < now);
            foreach (var active in _rules)
            {
                if (active.Rule.Platform != platform || (active.Rule.Channel is { } c && c != channel)) continue;
                active.CallsLeft--;
                return active.Rule;
            }
            return null;
        }
    }
}
