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
            var root = BodyFacts.RootOf(block);
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
            // The early bail-out: the analysis finds nothing in a graph whose connection table is empty, and a body
            // that names no connection has an empty table.
            results = BodyFacts.Of(root, semantics).NamesConnection && FlowTriggers.CanReport(root, semantics)
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
}
