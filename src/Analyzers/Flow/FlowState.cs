using System;

namespace SocketAnalyzers.Flow;

/// <summary>
/// An immutable set of <see cref="ConnectionFlags"/> per slot (connection or creation site), packed four bits a
/// slot into four 64-bit words: the analysis bounds a graph to 64 slots. A value type, so the transfer functions,
/// run for every step of every fixpoint round, allocate nothing. Join is bitwise OR (a "may" analysis).
/// </summary>
public readonly struct FlowState : IEquatable<FlowState>
{
    /// <summary>The most slots a state holds.</summary>
    public const int MaxSlots = 4 * SlotsPerWord;

    internal const int BitsPerConnection = 4;
    private const int SlotsPerWord = 64 / BitsPerConnection;

    private readonly ulong _word0;
    private readonly ulong _word1;
    private readonly ulong _word2;
    private readonly ulong _word3;

    private FlowState(ulong word0, ulong word1, ulong word2, ulong word3)
    {
        _word0 = word0;
        _word1 = word1;
        _word2 = word2;
        _word3 = word3;
    }

    /// <summary>No flag on any slot.</summary>
    public static FlowState Empty => default;

    /// <summary>Every flag on every slot.</summary>
    public static FlowState Full => new(ulong.MaxValue, ulong.MaxValue, ulong.MaxValue, ulong.MaxValue);

    public ConnectionFlags this[int slot] => (ConnectionFlags)((Word(slot / SlotsPerWord) >> Shift(slot)) & 0xF);

    public FlowState With(int slot, ConnectionFlags gen, ConnectionFlags kill)
    {
        var shift = Shift(slot);
        var index = slot / SlotsPerWord;
        var word = (Word(index) & ~((ulong)kill << shift)) | ((ulong)gen << shift);
        return index switch
        {
            0 => new FlowState(word, _word1, _word2, _word3),
            1 => new FlowState(_word0, word, _word2, _word3),
            2 => new FlowState(_word0, _word1, word, _word3),
            _ => new FlowState(_word0, _word1, _word2, word),
        };
    }

    public FlowState Join(FlowState other) =>
        new(_word0 | other._word0, _word1 | other._word1, _word2 | other._word2, _word3 | other._word3);

    /// <summary>(this AND mask) OR gen: applies a region summary computed as mask = F(all), gen = F(none).</summary>
    public FlowState ApplySummary(FlowState mask, FlowState gen) =>
        new((_word0 & mask._word0) | gen._word0,
            (_word1 & mask._word1) | gen._word1,
            (_word2 & mask._word2) | gen._word2,
            (_word3 & mask._word3) | gen._word3);

    public bool Equals(FlowState other) =>
        _word0 == other._word0 && _word1 == other._word1 && _word2 == other._word2 && _word3 == other._word3;

    public override bool Equals(object? obj) => obj is FlowState other && Equals(other);

    public override int GetHashCode() => (_word0 ^ (_word1 * 31) ^ (_word2 * 961) ^ (_word3 * 29791)).GetHashCode();

    public static bool operator ==(FlowState left, FlowState right) => left.Equals(right);

    public static bool operator !=(FlowState left, FlowState right) => !left.Equals(right);

    private ulong Word(int index) => index switch
    {
        0 => _word0,
        1 => _word1,
        2 => _word2,
        3 => _word3,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    private static int Shift(int slot) => slot % SlotsPerWord * BitsPerConnection;
}
