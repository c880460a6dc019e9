namespace SocketAnalyzers.Performance.Corpus;

/// <summary>
/// A tiny deterministic generator (SplitMix64): the same seed gives the same corpus on every machine and runtime,
/// which <see cref="System.Random"/> does not promise.
/// </summary>
internal sealed class Prng
{
    private ulong state;

    public Prng(ulong seed)
    {
        state = seed;
    }

    /// <summary>A number in [0, exclusiveMax).</summary>
    public int Next(int exclusiveMax)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z % (ulong)exclusiveMax);
    }

    /// <summary>True with the given probability in percent.</summary>
    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(T[] choices) => choices[Next(choices.Length)];
}
