using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK010: <c>e.AcceptSocket</c> (directly, or through a local assigned once from it) dereferenced where the accept
/// of <c>e</c> failed: in the failure branch of a test of <c>e.SocketError</c>, after a failure test that falls
/// through, or in an accept completion that tests nothing (nor do its callers). On Linux and macOS a failed
/// <c>AcceptAsync</c> leaves <c>AcceptSocket</c> null, so the completion throws NullReferenceException on a
/// thread-pool thread. In the failure branch, passing it on is reported too. Reported at the dereference.
/// </summary>
/// <remarks>
/// Only accept completions are judged (docs/design/SOCK010.md): a use guarded by
/// <c>LastOperation == SocketAsyncOperation.Accept</c>, in a method or local function whose name says Accept, or in a
/// lambda subscribed to <c>Completed</c> of event args that the code passes to <c>AcceptAsync</c> only. Silent when
/// the function tests <c>AcceptSocket</c> for null, assigns it before the use, or catches the exception around it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed partial class AcceptSocketAfterFailedAcceptAnalyzer : DiagnosticAnalyzer
{
    public static readonly DiagnosticDescriptor Rule =
        Descriptors.Create(RuleIds.AcceptSocketAfterFailedAccept, DiagnosticSeverity.Warning);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var semantics = ConnectionSemantics.For(start.Compilation, start.Options);
            if (semantics?.Model is not { SocketAsyncEventArgs: not null })
            {
                return;
            }

            start.RegisterOperationAction(operation => Analyze(operation, semantics), OperationKind.PropertyReference);
            start.RegisterOperationAction(operation => AnalyzeLocal(operation, semantics), OperationKind.LocalReference);
        });
    }

    private static void Analyze(OperationAnalysisContext context, ConnectionSemantics semantics)
    {
        var reference = (IPropertyReferenceOperation)context.Operation;
        if (AcceptSocketArgs(reference, semantics.Model) is not { } instance)
        {
            return;
        }

        var reader = SocketErrorChecks.ForBodyOf(reference, semantics.Model);
        if (reader.RootOf(instance) is { } args)
        {
            new Completion(WritePaths.EnclosingFunction(reference), args, reader, semantics).Report(context, reference);
        }
    }

    /// <summary><c>s.X</c> where <c>s</c> is a local assigned once, from <c>e.AcceptSocket</c>.</summary>
    private static void AnalyzeLocal(OperationAnalysisContext context, ConnectionSemantics semantics)
    {
        var use = (ILocalReferenceOperation)context.Operation;
        if (use.IsDeclaration || use.Local.RefKind != RefKind.None || !ConnectionModel.InheritsFrom(use.Type, semantics.Model.Socket) || !IsDereference(use))
        {
            return;
        }

        var function = WritePaths.EnclosingFunction(use);
        if (!ValueOrigins.AssignedOnceIn(function).TryGetValue(use.Local, out var value) ||
            Strip(value) is not IPropertyReferenceOperation source || AcceptSocketArgs(source, semantics.Model) is not { } instance ||
            // A deconstruction may assign the local too: the value is not known to be the accepted socket.
            ConnectionSemantics.DescendantsOutsideFunctions(function).Any(operation => operation is IDeconstructionAssignmentOperation))
        {
            return;
        }

        var reader = SocketErrorChecks.ForBodyOf(use, semantics.Model);
        if (reader.RootOf(instance) is { } args)
        {
            new Completion(function, args, reader, semantics).Report(context, use, use.Local);
        }
    }

    /// <summary>The event args of <c>e.AcceptSocket</c>, or null when <paramref name="reference"/> reads something else.</summary>
    private static IOperation? AcceptSocketArgs(IPropertyReferenceOperation reference, ConnectionModel model) =>
        reference.Property.Name == "AcceptSocket" && ConnectionModel.InheritsFrom(reference.Property.ContainingType, model.SocketAsyncEventArgs)
            ? reference.Instance
            : null;

    private static bool IsDereference(IOperation use) => Parent(use) switch
    {
        IInvocationOperation invocation => invocation.Instance is { } receiver && Strip(receiver) == use,
        IMemberReferenceOperation member => member.Instance is { } receiver && Strip(receiver) == use,
        _ => false,
    };

    /// <summary>The operation that uses <paramref name="operation"/>, past conversions, parentheses and initializers.</summary>
    internal static IOperation? Parent(IOperation operation)
    {
        var parent = operation.Parent;
        while (parent is IConversionOperation or IParenthesizedOperation or IVariableInitializerOperation)
        {
            parent = parent.Parent;
        }

        return parent;
    }

    private static IOperation Strip(IOperation operation) => ConnectionSemantics.Strip(operation);

    /// <summary>What a test of <c>e.SocketError</c> says when it is true, or false: the accept succeeded, failed, or unknown.</summary>
    private enum Outcome
    {
        Unknown,
        Success,
        Failure,
    }
}
