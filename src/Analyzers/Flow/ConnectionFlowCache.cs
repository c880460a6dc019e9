using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Computes the connection analysis once per body and shares it between the rules that read it
/// (each rule is its own analyzer, so each asks for the same body).
/// </summary>
public static class ConnectionFlowCache
{
    private static readonly ConditionalWeakTable<Compilation, ConcurrentDictionary<SyntaxNode, ImmutableArray<ConnectionFlowResult>>> s_results = new();

    /// <summary>The analysis of each body in the block context; empty where a body cannot involve a connection.</summary>
    public static ImmutableArray<ConnectionFlowResult> Get(OperationBlockAnalysisContext context, ConnectionSemantics semantics)
    {
        var builder = ImmutableArray.CreateBuilder<ConnectionFlowResult>();
        foreach (var block in context.OperationBlocks)
        {
            // A method's block is under its IMethodBodyOperation; the graph is built for that root.
            var root = block;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation) ||
                !MayInvolveConnections(root, context.OwningSymbol, semantics))
            {
                continue;
            }

            var perCompilation = s_results.GetValue(context.Compilation, _ => new ConcurrentDictionary<SyntaxNode, ImmutableArray<ConnectionFlowResult>>());
            var results = perCompilation.GetOrAdd(root.Syntax, _ =>
                ConnectionFlowAnalysis.AnalyzeWithNestedFunctions(context.GetControlFlowGraph(block), semantics, context.CancellationToken));
            builder.AddRange(results);
        }

        return builder.ToImmutable();
    }

    /// <summary>
    /// The early bail-out: a body that names no connection, wrapper or session type (and is not a member of a
    /// session type) cannot involve a connection, and no graph is built for it.
    /// </summary>
    private static bool MayInvolveConnections(IOperation body, ISymbol owner, ConnectionSemantics semantics)
    {
        if (owner.ContainingType is { } containingType && semantics.IsSessionType(containingType))
        {
            return true;
        }

        foreach (var operation in body.Descendants())
        {
            var type = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod.ContainingType,
                ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation or IObjectCreationOperation => operation.Type,
                // var client = listener.AcceptTcpClient(); with the local never read again still declares a connection.
                IVariableDeclaratorOperation declarator => declarator.Symbol.Type,
                _ => null,
            };
            if (type is not null && (semantics.IsConnectionType(type) || semantics.Model.IsWrapperType(type)))
            {
                return true;
            }
        }

        return false;
    }
}
