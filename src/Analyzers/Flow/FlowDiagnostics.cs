using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>Flow facts the rules that judge writes report the same way: which writes, on which connection, named how.</summary>
internal static class FlowDiagnostics
{
    /// <summary>Each reached write operation on which <paramref name="flag"/> may hold, once, with its connection's members (owner first).</summary>
    public static IEnumerable<(IOperation Write, ImmutableArray<ISymbol> Members)> WritesUnder(ConnectionFlowResult result, ConnectionFlags flag)
    {
        var reported = new HashSet<IOperation>();
        foreach (var connectionEvent in result.Events)
        {
            if (!connectionEvent.IsReached || (connectionEvent.Effects & CallEffects.Write) == 0 ||
                (connectionEvent.Before & flag) == 0 || !reported.Add(connectionEvent.Operation))
            {
                continue;
            }

            yield return (connectionEvent.Operation, result.Connections.MembersOf(connectionEvent.Connection));
        }
    }

    /// <summary>The connection as the code names it at the operation: the receiver's text, else the owner's name.</summary>
    public static string DisplayName(IOperation operation, ImmutableArray<ISymbol> members)
    {
        if (operation is IInvocationOperation { Instance: { IsImplicit: false } instance })
        {
            return instance.Syntax.ToString();
        }

        return members.IsEmpty ? "connection" : members[0].Name;
    }
}
