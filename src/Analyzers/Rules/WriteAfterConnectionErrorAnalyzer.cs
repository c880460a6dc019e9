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
public sealed class WriteAfterConnectionErrorAnalyzer : ConnectionFlowAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.WriteAfterConnectionError, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics) =>
        FlowDiagnostics.ReportWrites(context, result, Rule, ConnectionFlags.Failed);
}
