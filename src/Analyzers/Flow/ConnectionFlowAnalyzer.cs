using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// The base of the rules that read the per-method connection analysis: it registers once per compilation, skips
/// compilations without sockets, and hands each analyzed body to the rule, which decides what to report from it.
/// The analysis itself is computed once per body and shared (<see cref="ConnectionFlowCache"/>).
/// </summary>
public abstract class ConnectionFlowAnalyzer : DiagnosticAnalyzer
{
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics is null)
            {
                return;
            }

            if (OtherOperationKind is { } otherKind)
            {
                start.RegisterOperationAction(operation => AnalyzeOtherOperation(operation, semantics), otherKind);
            }

            var cache = new ConnectionFlowCache(semantics.Model);
            start.RegisterOperationBlockAction(block =>
            {
                if (block.OperationBlocks.IsEmpty)
                {
                    return;
                }

                // Options are the analyzed file's own.
                var fileSemantics = semantics.ForTree(block.OperationBlocks[0].Syntax.SyntaxTree);
                foreach (var result in cache.Get(block, fileSemantics))
                {
                    Report(block, result, fileSemantics);
                }
            });
        });
    }

    /// <summary>
    /// The operations of a shape of the rule's mistake that needs no flow analysis, handed to
    /// <see cref="AnalyzeOtherOperation"/>; null when the rule has none.
    /// </summary>
    protected virtual OperationKind? OtherOperationKind => null;

    protected virtual void AnalyzeOtherOperation(OperationAnalysisContext context, ConnectionSemantics semantics)
    {
    }

    /// <summary>Reports the rule's findings in one analyzed body (a method, lambda or local function).</summary>
    protected abstract void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics);
}
