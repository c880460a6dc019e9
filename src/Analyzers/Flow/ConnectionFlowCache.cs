using System;
using System.Collections.Generic;
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
    /// <summary>
    /// Keyed by the body's root operation, which every analyzer is handed (the driver shares one operation tree
    /// per body): a body's results, graphs included, live as long as its tree does, not as long as the compilation.
    /// </summary>
    private static readonly ConditionalWeakTable<IOperation, StrongBox<ImmutableArray<ConnectionFlowResult>>> s_results = new();

    /// <summary>
    /// The last body this thread asked about, and its results. The driver runs the four flow rules on a body one
    /// after the other, so three of every four questions end here, without the table's lock. A body with no
    /// results is remembered only here: another thread asking again (concurrent execution) recomputes a cheap "no".
    /// </summary>
    [ThreadStatic]
    private static IOperation? t_lastRoot;

    [ThreadStatic]
    private static ImmutableArray<ConnectionFlowResult> t_lastResults;

    /// <summary>
    /// The analysis of each body in the block context; empty where a body cannot involve a connection, or where
    /// no rule could report anything in it (<see cref="FlowTriggers"/>): then no graph is built.
    /// </summary>
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

            if (root is not (IMethodBodyOperation or IConstructorBodyOperation or IBlockOperation))
            {
                continue;
            }

            builder.AddRange(ResultsOf(root, block, context, semantics));
        }

        return builder.ToImmutable();
    }

    private static ImmutableArray<ConnectionFlowResult> ResultsOf(IOperation root, IOperation block, OperationBlockAnalysisContext context, ConnectionSemantics semantics)
    {
        if (t_lastRoot == root)
        {
            return t_lastResults;
        }

        ImmutableArray<ConnectionFlowResult> results;
        if (s_results.TryGetValue(root, out var known))
        {
            results = known.Value;
        }
        else
        {
            results = MayInvolveConnections(root, semantics) && FlowTriggers.CanReport(root, semantics)
                ? ConnectionFlowAnalysis.AnalyzeWithNestedFunctions(context.GetControlFlowGraph(block), semantics, context.CancellationToken)
                : ImmutableArray<ConnectionFlowResult>.Empty;
            if (!results.IsEmpty)
            {
                // Another thread may have stored the same body's results meanwhile: every rule reads the same ones.
                var computed = new StrongBox<ImmutableArray<ConnectionFlowResult>>(results);
                results = s_results.GetValue(root, _ => computed).Value;
            }
        }

        t_lastRoot = root;
        t_lastResults = results;
        return results;
    }

    /// <summary>
    /// The early bail-out, without building a graph: a body (with its lambdas and local functions) can have a
    /// connection only where it names one — a local or parameter of a connection type, or a connection member of
    /// <c>this</c> (<see cref="ConnectionTable.IsConnectionSymbol"/>); the analysis finds nothing in a graph whose
    /// connection table is empty. Each symbol is judged once per body. A declarator counts: in the graph it is an
    /// assignment to its local (<c>var client = listener.AcceptTcpClient();</c> with the local never read again).
    /// </summary>
    private static bool MayInvolveConnections(IOperation body, ConnectionSemantics semantics)
    {
        HashSet<ISymbol>? judged = null;
        foreach (var operation in body.Descendants())
        {
            ISymbol? symbol = operation switch
            {
                IVariableDeclaratorOperation declarator => declarator.Symbol,
                ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => ConnectionTable.NamedSymbol(operation),
                _ => null,
            };
            var type = symbol switch
            {
                ILocalSymbol local => local.Type,
                IParameterSymbol parameter => parameter.Type,
                IFieldSymbol field => field.Type,
                IPropertySymbol property => property.Type,
                _ => null,
            };
            if (type is null || IsNeverConnectionType(type, semantics))
            {
                continue;
            }

            judged ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            if (judged.Add(symbol!) && ConnectionTable.IsConnectionSymbol(symbol!, semantics))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Most names in ordinary code are of types no connection check can accept — <c>int</c>, <c>string</c>, enums,
    /// arrays, type parameters — unless <c>.editorconfig</c> declares connection types by name: skipped without
    /// asking (every such check walks base types and is the bulk of the bail-out's cost).
    /// </summary>
    private static bool IsNeverConnectionType(ITypeSymbol type, ConnectionSemantics semantics) =>
        semantics.Declared.Types.IsEmpty &&
        (type.SpecialType != SpecialType.None ||
         type.TypeKind is TypeKind.Enum or TypeKind.TypeParameter or TypeKind.Array or TypeKind.Pointer or TypeKind.Error or TypeKind.Dynamic);
}
