namespace Crm.Domain.Demo;

/// <summary>
/// SplitMix64: a tiny random generator whose sequence depends only on its seed, on every runtime
/// and platform. System.Random and HashCode give no such promise, and the demo data must not change
/// between machines. Each customer and each kind of child record gets its own stream, so any part
/// of the data set can be regenerated on its own.
/// </summary>
public struct DemoRandom
{
    private ulong _state;

    public DemoRandom(long seed, long index, int stream)
    {
        _state = (ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)index * 0xC2B2AE3D27D4EB4FUL ^ (ulong)stream * 0x165667B19E3779F9UL;
        Next();
    }

    public ulong Next()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A number in [0, max).</summary>
    public int Below(int max) => (int)(Next() % (ulong)max);

    /// <summary>A number in [min, max].</summary>
    public int Between(int min, int max) => min + Below(max - min + 1);

    public double Fraction() => (Next() >> 11) * (1.0 / (1UL << 53));

    public bool Chance(double probability) => Fraction() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[Below(items.Count)];

    /// <summary>Picks by weight: <paramref name="weights"/>[i] is the relative chance of item i.</summary>
    public int Weighted(IReadOnlyList<int> weights)
    {
        var roll = Below(weights.Sum());
        for (var i = 0; i < weights.Count; i++)
        {
            if (roll < weights[i]) return i;
            roll -= weights[i];
        }
        return weights.Count - 1;
    }
}
