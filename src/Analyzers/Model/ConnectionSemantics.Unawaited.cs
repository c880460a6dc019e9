using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Work a method starts and does not wait for (RULES: "Work a method starts and does not await ... is not part of
/// that method's effect on its caller"): a call of the project's async code whose task is dropped or stored in a
/// member, or of an <c>async void</c> method. What that work does to a connection happens later, on its own: the
/// caller sees only that the work was given the connection (a hand-off, when the work keeps or closes it).
/// </summary>
public sealed partial class ConnectionSemantics
{
    /// <summary>Whether the call starts work of the project that the caller does not wait for.</summary>
    public bool StartsUnawaitedWork(IInvocationOperation invocation)
    {
        var method = invocation.TargetMethod;
        if (!IsInSource(method))
        {
            return false;
        }

        if (method.ReturnsVoid)
        {
            return method.IsAsync;
        }

        if (!IsTask(method.ReturnType))
        {
            return false;
        }

        IOperation value = invocation;
        while (value.Parent is IConversionOperation or IParenthesizedOperation ||
               value.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configured && configured.Instance == value)
        {
            value = value.Parent;
        }

        return value.Parent switch
        {
            IExpressionStatementOperation => true,
            ISimpleAssignmentOperation assignment when assignment.Value == value =>
                assignment.Target is IDiscardOperation or IFieldReferenceOperation or IPropertyReferenceOperation,
            _ => false,
        };
    }

    /// <summary>The summary of what the call does now: the callee's summary, or for unawaited work only its hand-offs.</summary>
    public MethodSummary SummaryOfCall(IInvocationOperation invocation)
    {
        var summary = GetSummary(invocation.TargetMethod);
        return StartsUnawaitedWork(invocation) ? Deferred(summary) : summary;
    }

    /// <summary>What unawaited work does to a connection, seen from the caller: a work that keeps or closes it took it.</summary>
    private static CallEffects Deferred(CallEffects effects) =>
        (effects & (CallEffects.Close | CallEffects.HandOff)) != 0 ? CallEffects.HandOff : CallEffects.None;

    private static MethodSummary Deferred(MethodSummary summary)
    {
        if (summary.IsEmpty)
        {
            return summary;
        }

        var onFields = ImmutableDictionary<ISymbol, CallEffects>.Empty.WithComparers(SymbolEqualityComparer.Default);
        foreach (var pair in summary.OnFields)
        {
            if (Deferred(pair.Value) is var deferred && deferred != CallEffects.None)
            {
                onFields = onFields.Add(pair.Key, deferred);
            }
        }

        var onParameters = ImmutableArray.CreateBuilder<CallEffects>(summary.OnParameters.Length);
        foreach (var effects in summary.OnParameters)
        {
            onParameters.Add(Deferred(effects));
        }

        // An exception of the work ends in its task, not in the caller.
        return new MethodSummary(onFields, onParameters.MoveToImmutable(), throwsSocketException: false);
    }

    private static bool IsTask(ITypeSymbol type) =>
        type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } };
}
