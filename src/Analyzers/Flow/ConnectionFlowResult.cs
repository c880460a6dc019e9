using System.Collections.Immutable;
using Microsoft.CodeAnalysis.FlowAnalysis;

namespace SocketAnalyzers.Flow;

/// <summary>What the connection analysis found in one body (a method, lambda or local function).</summary>
public sealed class ConnectionFlowResult
{
    internal ConnectionFlowResult(ControlFlowGraph graph, ConnectionTable connections, ImmutableArray<ConnectionEvent> events)
    {
        Graph = graph;
        Connections = connections;
        Events = events;
    }

    public ControlFlowGraph Graph { get; }

    public ConnectionTable Connections { get; }

    /// <summary>Every operation on a connection, in block order, with the state before it.</summary>
    public ImmutableArray<ConnectionEvent> Events { get; }
}
