using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK001: a write on a connection after a connection error from I/O on it was caught, with no close on the way.
/// After a reset, every further write only turns the reset into a broken pipe.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteAfterConnectionErrorAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.WriteAfterConnectionError, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
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

            start.RegisterOperationBlockAction(block =>
            {
                foreach (var result in ConnectionFlowCache.Get(block, semantics))
                {
                    FlowDiagnostics.ReportWrites(block, result, Rule, ConnectionFlags.Failed);
                }
            });
        });
    }
}
