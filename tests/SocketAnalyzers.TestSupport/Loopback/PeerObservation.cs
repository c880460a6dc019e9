using System;
using System.Net.Sockets;
using System.Text;

namespace SocketAnalyzers.TestSupport.Loopback;

/// <summary>How the peer's reading ended.</summary>
public enum PeerEnd
{
    /// <summary>The peer was not read (its script closed it, or it was not asked to read).</summary>
    NotObserved,

    /// <summary>A read returned 0: a clean end of stream (the program's FIN).</summary>
    EndOfStream,

    /// <summary>A read failed with ConnectionReset: the program's side sent RST.</summary>
    Reset,

    /// <summary>Neither arrived before the deadline: the connection is still open.</summary>
    StillOpen,

    /// <summary>A read failed with another socket error (see <see cref="PeerObservation.Error"/>).</summary>
    Failed,
}

/// <summary>What the scripted peer saw when it read the connection to its end.</summary>
public sealed class PeerObservation
{
    public static readonly PeerObservation NotObserved = new(Array.Empty<byte>(), PeerEnd.NotObserved, null);

    public PeerObservation(byte[] received, PeerEnd end, SocketError? error)
    {
        Received = received;
        End = end;
        Error = error;
    }

    /// <summary>Every byte read before the end.</summary>
    public byte[] Received { get; }

    public string ReceivedText => Encoding.UTF8.GetString(Received);

    public PeerEnd End { get; }

    /// <summary>The error of the failing read, for <see cref="PeerEnd.Reset"/> and <see cref="PeerEnd.Failed"/>.</summary>
    public SocketError? Error { get; }

    public override string ToString() =>
        $"peer read {Received.Length} bytes \"{ReceivedText}\" then {End}" + (Error is null ? "" : $" ({Error})");
}
