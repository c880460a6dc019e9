using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>SOCK007: a write on a path after <c>Shutdown(Send)</c> or <c>Shutdown(Both)</c> on the same connection: it always fails with EPIPE.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteAfterShutdownAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.WriteAfterShutdown, DiagnosticSeverity.Warning);

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
                    FlowDiagnostics.ReportWrites(block, result, Rule, ConnectionFlags.ShutDownForSending);
                }
            });
        });
    }
}
