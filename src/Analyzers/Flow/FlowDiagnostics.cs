using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>Reports flow facts the same way for every rule, with what a fixer needs in the properties.</summary>
internal static class FlowDiagnostics
{
    /// <summary>Diagnostic property: the connection's symbol names, owner first, comma-separated.</summary>
    public const string ConnectionNamesProperty = "ConnectionNames";

    /// <summary>One diagnostic per write operation on which <paramref name="flag"/> may hold.</summary>
    public static void ReportWrites(OperationBlockAnalysisContext context, ConnectionFlowResult result, DiagnosticDescriptor rule, ConnectionFlags flag)
    {
        var reported = new HashSet<IOperation>();
        foreach (var connectionEvent in result.Events)
        {
            if (!connectionEvent.IsReached || (connectionEvent.Effects & CallEffects.Write) == 0 ||
                (connectionEvent.Before & flag) == 0 || !reported.Add(connectionEvent.Operation))
            {
                continue;
            }

            var members = result.Connections.MembersOf(connectionEvent.Connection);
            var names = new List<string>();
            foreach (var member in members)
            {
                names.Add(member.Name);
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(ConnectionNamesProperty, string.Join(",", names));
            context.ReportDiagnostic(Diagnostic.Create(rule, connectionEvent.Operation.Syntax.GetLocation(), properties, DisplayName(connectionEvent.Operation, members)));
        }
    }

    /// <summary>The connection as the code names it at the operation: the receiver's text, else the owner's name.</summary>
    private static string DisplayName(IOperation operation, ImmutableArray<ISymbol> members)
    {
        if (operation is IInvocationOperation { Instance: { IsImplicit: false } instance })
        {
            return instance.Syntax.ToString();
        }

        return members.IsEmpty ? "connection" : members[0].Name;
    }
}
