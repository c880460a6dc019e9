using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Flow;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK005: a connection the method creates or accepts, that some path out of the method — exception paths and
/// early returns included — leaves open without handing it off. A peer that closes leaves it in CLOSE_WAIT.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class ConnectionNotClosedAnalyzer : ConnectionFlowAnalyzer
{
    /// <summary>Diagnostic property: "Exception" when only an exception path leaks, else "Path".</summary>
    public const string LeakKindProperty = "LeakKind";

    /// <summary>
    /// Diagnostic property for the fixer: how the method hands the connection off on other paths — "None", "Return"
    /// (only by returning it), or "Other" (stored, passed to code that takes ownership ...). A fix that disposes it
    /// at the end of a scope would close a connection that lives on.
    /// </summary>
    public const string HandOffProperty = "HandOff";

    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.ConnectionNotClosed, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule, GuardedCloseRule);


    protected override void Report(OperationBlockAnalysisContext context, ConnectionFlowResult result, ConnectionSemantics semantics)
    {
        if (result.Graph.OriginalOperation.Syntax.ContainsDiagnostics)
        {
            // A body with syntax errors is being typed: where it will close the connection is not written yet.
            return;
        }

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

            var how = Resources.Localizable(leaksNormally || leaksOnReassignment ? "SOCK005_AnyPath" : "SOCK005_ExceptionPath");
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(LeakKindProperty, leaksNormally || leaksOnReassignment ? "Path" : "Exception")
                .Add(HandOffProperty, HandOffs(result, creation.Connection));
            context.ReportDiagnostic(Diagnostic.Create(Rule, creation.Operation.Syntax.GetLocation(), properties, how));
        }
    }

    private static string HandOffs(ConnectionFlowResult result, int connection)
    {
        var kind = "None";
        foreach (var connectionEvent in result.Events)
        {
            if (connectionEvent.Connection != connection)
            {
                continue;
            }

            if (connectionEvent.Kind == ConnectionEventKind.HandOff)
            {
                // The engine's hand-offs are calls, constructions, assignments, lambdas that capture it, and returned values.
                if (connectionEvent.Operation is IInvocationOperation or IObjectCreationOperation or IAssignmentOperation or IFlowAnonymousFunctionOperation)
                {
                    return "Other";
                }

                kind = "Return";
            }
            else if (connectionEvent.Kind == ConnectionEventKind.Call && (connectionEvent.Effects & CallEffects.HandOff) != 0)
            {
                return "Other";
            }
        }

        return kind;
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
