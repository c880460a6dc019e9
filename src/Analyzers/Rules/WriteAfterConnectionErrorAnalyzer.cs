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

    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics)
    {
        foreach (var (write, members) in FlowDiagnostics.WritesUnder(result, ConnectionFlags.Failed))
        {
            context.ReportDiagnostic(ConnectionFixData.Create(
                Rule, write.Syntax.GetLocation(), context.Compilation, members, ImmutableDictionary<string, string?>.Empty, FlowDiagnostics.DisplayName(write, members)));
        }
    }

    /// <summary>
    /// The contract with the fixer. Additional locations: the declarations of the written connection's members, owner
    /// first, and <see cref="MembersOutsideSource"/> for those without one (<see cref="ConnectionFixData"/>).
    /// </summary>
    public static class FixData
    {
        public const string MembersOutsideSource = ConnectionFixData.MembersOutsideSource;
    }
}
