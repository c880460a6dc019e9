using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>SOCK007: a write on a path after <c>Shutdown(Send)</c> or <c>Shutdown(Both)</c> on the same connection: it always fails with EPIPE.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class WriteAfterShutdownAnalyzer : ConnectionFlowAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.WriteAfterShutdown, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    // No fixer: the diagnostic carries no fix data.
    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics)
    {
        foreach (var (write, members) in FlowDiagnostics.WritesUnder(result, ConnectionFlags.ShutDownForSending))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rule, write.Syntax.GetLocation(), FlowDiagnostics.DisplayName(write, members)));
        }
    }
}
