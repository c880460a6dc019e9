using System;

namespace SocketAnalyzers.Flow;

/// <summary>
/// What may hold for one connection at a program point, on some path reaching it. Each flag is set (gen) and
/// cleared (kill) by single operations, independently of the others: that keeps the analysis a distributive
/// gen/kill problem, so a finally region's effect composes exactly (see <see cref="ConnectionFlowAnalysis"/>).
/// </summary>
[Flags]
public enum ConnectionFlags : byte
{
    None = 0,
    /// <summary>A connection error from I/O on it was caught, and it was not closed or replaced since.</summary>
    Failed = 1,
    /// <summary><c>Shutdown(Send)</c> or <c>Shutdown(Both)</c> was called, and it was not replaced since.</summary>
    ShutDownForSending = 2,
    /// <summary>On a creation's slot: created or accepted here, and neither closed nor handed off since.</summary>
    OwnedOpen = 4,
    /// <summary>
    /// On a connection's slot (the bit creation slots use for <see cref="OwnedOpen"/>): failed, and the body's failure
    /// flag (a bool a catch of a connection error sets to a constant) has not been set since.
    /// </summary>
    FailedFlagNotSet = 4,
    /// <summary>
    /// Read from the peer, and neither shut down for sending nor closed since, on a path on which the conversation
    /// ends normally: an exception unwinding into a finally, a shutdown that threw (the peer is gone), and a read after
    /// a shutdown for sending (draining) do not carry it.
    /// </summary>
    ReadWithoutShutdown = 8,
}
