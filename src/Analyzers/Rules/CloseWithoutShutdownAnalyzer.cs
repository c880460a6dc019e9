using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK008: closing a connection that read from the peer with no Shutdown(Send|Both) before it on some path. With
/// unread bytes left, Linux sends RST instead of FIN and the peer's next read fails with ConnectionReset.
/// Only a close that reaches a raw <c>Socket</c> is judged: <c>TcpClient.Close()</c> and an owning
/// <c>NetworkStream</c>'s Dispose shut both directions down themselves, and a stream that does not own its socket
/// does not close it (measured in tests/SocketBehavior.Tests, docs/socket-errors.md).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CloseWithoutShutdownAnalyzer : ConnectionFlowAnalyzer
{
    // Off by default: whether bytes are left unread at the close depends on the protocol, which the code does not
    // show; on real libraries most closes it reaches follow a complete reply (docs/design/SOCK008.md).
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.CloseWithoutShutdown, DiagnosticSeverity.Info, isEnabledByDefault: false);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics)
    {
        var reported = new HashSet<IOperation>();
        foreach (var connectionEvent in result.Events)
        {
            var before = connectionEvent.Before;
            if (connectionEvent.Kind != ConnectionEventKind.Call || (connectionEvent.Effects & CallEffects.Close) == 0 ||
                (before & ConnectionFlags.ReadWithoutShutdown) == 0 ||
                // After a connection error the peer is gone: an abortive close is right there (and it is SOCK001's fix).
                (before & ConnectionFlags.Failed) != 0 ||
                connectionEvent.Operation is not IInvocationOperation { Instance: var closed } || !semantics.Model.IsRawSocket(closed) ||
                // Half-typed code ('s.Close(') is not judged.
                connectionEvent.Operation.Syntax.ContainsDiagnostics ||
                !reported.Add(connectionEvent.Operation))
            {
                continue;
            }

            var members = result.Connections.MembersOf(connectionEvent.Connection);
            context.ReportDiagnostic(ConnectionFixData.Create(
                Rule, Location(connectionEvent.Operation), context.Compilation, members, ImmutableDictionary<string, string?>.Empty,
                members.IsEmpty ? "connection" : members[0].Name));
        }
    }

    /// <summary>
    /// The contract with the fixer. Additional locations: the declarations of the closed connection's members, owner
    /// first, and <see cref="MembersOutsideSource"/> for those without one (<see cref="ConnectionFixData"/>).
    /// </summary>
    public static class FixData
    {
        public const string MembersOutsideSource = ConnectionFixData.MembersOutsideSource;
    }

    /// <summary>The Close/Dispose call, or the <c>using</c> keyword whose end disposes the connection.</summary>
    private static Location Location(IOperation close)
    {
        if (close.IsImplicit)
        {
            for (var node = close.Syntax; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case UsingStatementSyntax usingStatement:
                        return usingStatement.UsingKeyword.GetLocation();
                    case LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } declaration:
                        return declaration.UsingKeyword.GetLocation();
                }
            }
        }

        return close.Syntax.GetLocation();
    }
}
