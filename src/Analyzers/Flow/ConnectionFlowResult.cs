using System.Collections.Immutable;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace SocketAnalyzers.Flow;

/// <summary>What the connection analysis found in one body (a method, lambda or local function).</summary>
public sealed class ConnectionFlowResult
{
    internal ConnectionFlowResult(
        ControlFlowGraph graph,
        ConnectionTable connections,
        ImmutableArray<ConnectionEvent> events,
        ImmutableArray<ConnectionEvent> creations,
        FlowState normalExit,
        FlowState exceptionalExit)
    {
        Graph = graph;
        Connections = connections;
        Events = events;
        Creations = creations;
        NormalExit = normalExit;
        ExceptionalExit = exceptionalExit;
    }

    public ControlFlowGraph Graph { get; }

    public ConnectionTable Connections { get; }

    /// <summary>Every operation on a connection, in block order, with the state before it.</summary>
    public ImmutableArray<ConnectionEvent> Events { get; }

    /// <summary>The connections the body creates or accepts and owns; each has its <see cref="ConnectionEvent.CreationSlot"/> in the states.</summary>
    public ImmutableArray<ConnectionEvent> Creations { get; }

    /// <summary>The state where the body returns normally.</summary>
    public FlowState NormalExit { get; }

    /// <summary>The state where an exception leaves the body.</summary>
    public FlowState ExceptionalExit { get; }
}
