using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Computes the connection analysis once per body and shares it between the rules that read it (each rule is its
/// own analyzer, so each asks for the same body). Made in each analyzer's compilation-start action; the results
/// live in the compilation's <see cref="SharedAnalysisState"/>, keyed by the body's root operation, which every analyzer is
/// handed (the driver shares one operation tree per body): a body's results, graphs included, live as long as its
/// tree does, not as long as the compilation.
/// </summary>
internal sealed class ConnectionFlowCache
{
    private readonly ConditionalWeakTable<IOperation, Results> _results;

    public ConnectionFlowCache(ConnectionModel model)
    {
        _results = model.Shared.PerBody<Results>();
    }

    /// <summary>
    /// The analysis of each body in the block context; empty where a body cannot involve a connection, or where
    /// no rule could report anything in it (<see cref="FlowTriggers"/>: no flag worth tracking, no read that tells
    /// the end of the stream inside a loop): then no graph is built.
    /// </summary>
    public ImmutableArray<ConnectionFlowResult> Get(OperationBlockAnalysisContext context, ConnectionSemantics semantics)
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

    private ImmutableArray<ConnectionFlowResult> ResultsOf(IOperation root, IOperation block, OperationBlockAnalysisContext context, ConnectionSemantics semantics)
    {
        if (_results.TryGetValue(root, out var known))
        {
            return known.Value;
        }

        // The early bail-out: the analysis finds nothing in a graph whose connection table is empty, and a body
        // that names no connection has an empty table. Its "no" is not stored: the body's facts already are.
        if (!BodyFacts.Of(root, semantics).NamesConnection)
        {
            return ImmutableArray<ConnectionFlowResult>.Empty;
        }

        var results = FlowTriggers.CanReport(root, semantics) || FlowTriggers.HasEndOfStreamReadInLoop(root, semantics)
            ? ConnectionFlowAnalysis.AnalyzeWithNestedFunctions(context.GetControlFlowGraph(block), semantics, context.CancellationToken)
            : ImmutableArray<ConnectionFlowResult>.Empty;

        // Another thread may have stored the same body's results meanwhile: every rule reads the same ones.
        var computed = results.IsEmpty ? Results.None : new Results(results);
        return _results.GetValue(root, _ => computed).Value;
    }

    /// <summary>A body's results (a class, as the table's values must be).</summary>
    private sealed class Results
    {
        public static readonly Results None = new(ImmutableArray<ConnectionFlowResult>.Empty);

        public Results(ImmutableArray<ConnectionFlowResult> value)
        {
            Value = value;
        }

        public ImmutableArray<ConnectionFlowResult> Value { get; }
    }
}
