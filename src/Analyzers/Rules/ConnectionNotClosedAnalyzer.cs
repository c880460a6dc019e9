using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK005: a connection the method creates or accepts, that some path out of the method — exception paths and
/// early returns included — leaves open without handing it off. A peer that closes leaves it in CLOSE_WAIT.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ConnectionNotClosedAnalyzer : DiagnosticAnalyzer
{
    /// <summary>Diagnostic property: "Exception" when only an exception path leaks, else "Path".</summary>
    public const string LeakKindProperty = "LeakKind";

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ConnectionNotClosed, DiagnosticSeverity.Warning);

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
                    Report(block, result);
                }
            });
        });
    }

    private static void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result)
    {
        foreach (var creation in result.Creations)
        {
            var slot = creation.CreationSlot;
            var leaksNormally = (result.NormalExit[slot] & ConnectionFlags.OwnedOpen) != 0;
            var leaksOnException = (result.ExceptionalExit[slot] & ConnectionFlags.OwnedOpen) != 0;
            var leaksOnReassignment = LeaksOnReassignment(result, creation);
            if (!creation.IsReached || !(leaksNormally || leaksOnException || leaksOnReassignment))
            {
                continue;
            }

            var how = leaksNormally || leaksOnReassignment ? "a path" : "an exception path";
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(LeakKindProperty, leaksNormally || leaksOnReassignment ? "Path" : "Exception");
            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Operation.Syntax.GetLocation(), properties, how));
        }
    }

    /// <summary>The variable is given another connection while this one may still be open.</summary>
    private static bool LeaksOnReassignment(ConnectionFlowResult result, ConnectionEvent creation)
    {
        foreach (var connectionEvent in result.Events)
        {
            if (connectionEvent.Kind is ConnectionEventKind.Creation or ConnectionEventKind.Reassignment &&
                connectionEvent.Connection == creation.Connection &&
                connectionEvent.StateBefore is { } before &&
                (before[creation.CreationSlot] & ConnectionFlags.OwnedOpen) != 0)
            {
                return true;
            }
        }

        return false;
    }
}
