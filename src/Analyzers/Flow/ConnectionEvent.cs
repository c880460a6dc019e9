using Microsoft.CodeAnalysis;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>One operation on a connection, with what may hold for that connection just before it.</summary>
public sealed class ConnectionEvent
{
    internal ConnectionEvent(IOperation operation, int connection, CallEffects effects, bool isGuardedByConnected)
    {
        Operation = operation;
        Connection = connection;
        Effects = effects;
        IsGuardedByConnected = isGuardedByConnected;
    }

    /// <summary>The invocation (or assignment, for a reassignment).</summary>
    public IOperation Operation { get; }

    public int Connection { get; }

    public CallEffects Effects { get; }

    /// <summary>A close inside <c>if (c.Connected)</c>: it does not count (Connected is false right after a reset).</summary>
    public bool IsGuardedByConnected { get; }

    /// <summary>The connection replaced by a new one (an assignment): its error/shutdown history ends.</summary>
    public bool IsReassignment => Effects == CallEffects.None;

    /// <summary>What may hold for the connection on some path reaching this operation.</summary>
    public ConnectionFlags Before { get; internal set; }

    /// <summary>Whether any path reaches the operation at all.</summary>
    public bool IsReached { get; internal set; }
}
