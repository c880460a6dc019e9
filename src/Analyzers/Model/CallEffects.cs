using System;

namespace SocketAnalyzers.Model;

/// <summary>What a call does to one connection it touches (its receiver, or a connection argument).</summary>
[Flags]
public enum CallEffects : byte
{
    None = 0,
    Read = 1,
    Write = 2,
    /// <summary>Shutdown(Send) or Shutdown(Both): nothing more can be sent.</summary>
    ShutdownSend = 4,
    /// <summary>Shutdown(Receive) or a shutdown whose direction is not known.</summary>
    ShutdownOther = 8,
    Close = 16,
    Connect = 32,
    /// <summary>Passed somewhere that keeps it (stored, returned, handed to code that takes ownership).</summary>
    HandOff = 64,
    /// <summary>
    /// A new connection is assigned to it (a reconnect, a new session) before the call does any I/O on it: what held
    /// for the old one does not hold for what the call then reads or writes.
    /// </summary>
    Replace = 128,

    Io = Read | Write | Connect,
}
