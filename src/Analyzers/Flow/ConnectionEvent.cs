using Microsoft.CodeAnalysis;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>What an event does to its connection.</summary>
public enum ConnectionEventKind
{
    /// <summary>A call that reads, writes, shuts down or closes it (<see cref="ConnectionEvent.Effects"/>).</summary>
    Call,
    /// <summary>The method creates or accepts a connection it owns (<c>new Socket(..)</c>, <c>AcceptTcpClient()</c>).</summary>
    Creation,
    /// <summary>The variable is assigned another object: the old connection's history ends.</summary>
    Reassignment,
    /// <summary>The connection is returned, stored, or passed to code that takes ownership of it.</summary>
    HandOff,
}

/// <summary>One operation on a connection, with what may hold just before it.</summary>
public sealed class ConnectionEvent
{
    internal ConnectionEvent(ConnectionEventKind kind, IOperation operation, int connection, CallEffects effects, bool isGuardedByConnected)
    {
        Kind = kind;
        Operation = operation;
        Connection = connection;
        Effects = effects;
        IsGuardedByConnected = isGuardedByConnected;
    }

    public ConnectionEventKind Kind { get; }

    /// <summary>The invocation, creation, assignment or returned value.</summary>
    public IOperation Operation { get; }

    public int Connection { get; }

    /// <summary>For a <see cref="ConnectionEventKind.Call"/>: what it does.</summary>
    public CallEffects Effects { get; }

    /// <summary>A close inside <c>if (c.Connected)</c>: it does not count (Connected is false right after a reset).</summary>
    public bool IsGuardedByConnected { get; }

    /// <summary>For a close: whether it releases the connection (a wrapper that does not own what it wraps does not).</summary>
    public bool ReleasesConnection { get; internal set; } = true;

    /// <summary>For a creation: the connection is owned only from a successful connect on (it holds nothing before).</summary>
    public bool AcquiresOnConnect { get; internal set; }

    /// <summary>For a creation: its slot in the state (see <see cref="ConnectionFlowResult.Creations"/>).</summary>
    public int CreationSlot { get; internal set; } = -1;

    /// <summary>What may hold for the connection on some path reaching this operation.</summary>
    public ConnectionFlags Before => StateBefore is { } before ? before[Connection] : ConnectionFlags.None;

    /// <summary>The whole state on some path reaching this operation (null when no path does).</summary>
    public FlowState? StateBefore { get; internal set; }

    public bool IsReached => StateBefore is not null;
}
