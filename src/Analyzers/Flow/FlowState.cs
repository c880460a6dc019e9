using System;

namespace SocketAnalyzers.Flow;

/// <summary>
/// An immutable set of <see cref="ConnectionFlags"/> per connection, packed four bits a connection into 64-bit
/// words. Join is bitwise OR (a "may" analysis).
/// </summary>
public sealed class FlowState : IEquatable<FlowState>
{
    internal const int BitsPerConnection = 4;
    private const int ConnectionsPerWord = 64 / BitsPerConnection;
    private readonly ulong[] _words;

    private FlowState(ulong[] words) => _words = words;

    public static FlowState Empty(int connectionCount) => new FlowState(new ulong[WordCount(connectionCount)]);

    public static FlowState Full(int connectionCount)
    {
        var words = new ulong[WordCount(connectionCount)];
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = ulong.MaxValue;
        }

        return new FlowState(words);
    }

    public ConnectionFlags this[int connection] =>
        (ConnectionFlags)((_words[connection / ConnectionsPerWord] >> Shift(connection)) & 0xF);

    public FlowState With(int connection, ConnectionFlags gen, ConnectionFlags kill)
    {
        var words = (ulong[])_words.Clone();
        var index = connection / ConnectionsPerWord;
        var shift = Shift(connection);
        words[index] = (words[index] & ~((ulong)kill << shift)) | ((ulong)gen << shift);
        return new FlowState(words);
    }

    public FlowState Join(FlowState other)
    {
        var words = (ulong[])_words.Clone();
        for (var i = 0; i < words.Length; i++)
        {
            words[i] |= other._words[i];
        }

        return new FlowState(words);
    }

    /// <summary>(this AND mask) OR gen: applies a region summary computed as mask = F(all), gen = F(none).</summary>
    public FlowState ApplySummary(FlowState mask, FlowState gen)
    {
        var words = (ulong[])_words.Clone();
        for (var i = 0; i < words.Length; i++)
        {
            words[i] = (words[i] & mask._words[i]) | gen._words[i];
        }

        return new FlowState(words);
    }

    public bool Equals(FlowState? other)
    {
        if (other is null || other._words.Length != _words.Length)
        {
            return false;
        }

        for (var i = 0; i < _words.Length; i++)
        {
            if (_words[i] != other._words[i])
            {
                return false;
            }
        }

        return true;
    }

    public override bool Equals(object? obj) => Equals(obj as FlowState);

    public override int GetHashCode()
    {
        var hash = 17UL;
        foreach (var word in _words)
        {
            hash = (hash * 31) ^ word;
        }

        return hash.GetHashCode();
    }

    private static int WordCount(int connectionCount) => Math.Max(1, (connectionCount + ConnectionsPerWord - 1) / ConnectionsPerWord);

    private static int Shift(int connection) => connection % ConnectionsPerWord * BitsPerConnection;
}
