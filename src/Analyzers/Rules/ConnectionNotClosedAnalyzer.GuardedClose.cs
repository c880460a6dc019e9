using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Rules;

/// <summary>
/// SOCK005, the close method's shape: <c>if (client.Connected) client.Close();</c>. <c>Connected</c> is false after a
/// reset, after a failed connect and once the peer's close was noticed — exactly when the socket must still be
/// closed — so the close is skipped and the descriptor leaks. Reported at the close when no other close of the same
/// variable in the function (or, for a member, in its type) runs without such a test.
/// </summary>
public sealed partial class ConnectionNotClosedAnalyzer
{
    /// <summary>Diagnostic property naming the shape for the fixer: "GuardedClose" on this one.</summary>
    public const string ShapeProperty = "Shape";

    public const string GuardedCloseShape = "GuardedClose";

    private static readonly ImmutableDictionary<string, string?> s_guardedCloseProperties =
        ImmutableDictionary<string, string?>.Empty.Add(ShapeProperty, GuardedCloseShape);

    public static readonly DiagnosticDescriptor GuardedCloseRule =
        Descriptors.CreateVariant(RuleIds.ConnectionNotClosed, "GuardedClose", DiagnosticSeverity.Warning);

    protected override OperationKind? OtherOperationKind => OperationKind.Conditional;

    protected override void AnalyzeOtherOperation(OperationAnalysisContext context, ConnectionSemantics semantics)
    {
        var model = semantics.Model;
        if (context.Operation is not IConditionalOperation { IsRef: false, WhenTrue: { } whenTrue } test ||
            test.Syntax.ContainsDiagnostics ||
            ConnectedTestedIn(test.Condition, model, depth: 0) is not { } tested ||
            tested is ILocalReferenceOperation)
        {
            // A local the method owns is the flow analysis' (reported at its creation); one it does not own is not its to close.
            return;
        }

        foreach (var close in CloseCalls(whenTrue, model))
        {
            if (SameVariable(close.Instance, tested) &&
                !ClosedElsewhere(FunctionOf(test), tested, test, model) &&
                !(ConnectionSemantics.Strip(tested) is IMemberReferenceOperation member && ClosedByAnotherMember(member.Member, test)))
            {
                context.ReportDiagnostic(Diagnostic.Create(GuardedCloseRule, close.Syntax.GetLocation(), s_guardedCloseProperties, close.Syntax.ToString()));
                return;
            }
        }
    }

    /// <summary>
    /// The variable whose <c>Connected</c> the condition requires: <c>x.Connected</c>, alone or as a part of an
    /// <c>&amp;&amp;</c> chain (<c>x != null &amp;&amp; x.Connected</c>). <c>x.Client.Connected</c> is the TcpClient's.
    /// </summary>
    private static IOperation? ConnectedTestedIn(IOperation condition, ConnectionModel model, int depth)
    {
        condition = ConnectionSemantics.Strip(condition);
        if (condition is IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both)
        {
            return depth > OperationChains.MaxNesting
                ? null
                : ConnectedTestedIn(both.LeftOperand, model, depth + 1) ?? ConnectedTestedIn(both.RightOperand, model, depth + 1);
        }

        if (condition is not IPropertyReferenceOperation { Property.Name: "Connected", Instance: { } instance } ||
            !model.IsConnectionType(instance.Type))
        {
            return null;
        }

        instance = ConnectionSemantics.Strip(instance);
        return instance is IPropertyReferenceOperation { Property.Name: "Client", Instance: { } client } && model.IsConnectionType(client.Type)
            ? ConnectionSemantics.Strip(client)
            : instance;
    }

    /// <summary>Close, Dispose and DisposeAsync calls on connections in the branch, not in lambdas or local functions.</summary>
    private static ImmutableArray<IInvocationOperation> CloseCalls(IOperation branch, ConnectionModel model)
    {
        var calls = ImmutableArray.CreateBuilder<IInvocationOperation>();
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(branch))
        {
            if (operation is IInvocationOperation { Instance: { } instance } call && IsClose(call, model) && model.IsConnectionType(instance.Type))
            {
                calls.Add(call);
            }
        }

        return calls.ToImmutable();
    }

    private static bool IsClose(IInvocationOperation call, ConnectionModel model) =>
        call.TargetMethod.Name is "Close" or "Dispose" or "DisposeAsync" &&
        model.Classify(call.TargetMethod) == ConnectionOperationKind.Close;

    /// <summary>
    /// Whether the function closes the variable somewhere not under a <c>Connected</c> test (after the if, in its
    /// else, in a finally), or disposes it with <c>using</c>: then the close the test skips happens anyway.
    /// </summary>
    private static bool ClosedElsewhere(IOperation function, IOperation variable, IConditionalOperation test, ConnectionModel model)
    {
        foreach (var operation in ConnectionSemantics.DescendantsOutsideFunctions(function))
        {
            switch (operation)
            {
                case IInvocationOperation { Instance: { } instance } call when IsClose(call, model) || model.Classify(call.TargetMethod) == ConnectionOperationKind.Close:
                    if (!test.WhenTrue.Syntax.Span.Contains(call.Syntax.Span) &&
                        (SameVariable(instance, variable) || IsClientOf(instance, variable)) &&
                        !ConnectedGuards.IsGuardedByConnected(call))
                    {
                        return true;
                    }

                    break;
                case IUsingOperation or IUsingDeclarationOperation:
                    return true;
                case IInvocationOperation { Instance: null } call when HasArgument(call, variable):
                    // A helper of the project or of a library given the variable (a SafeClose, a Dispose helper) may close it.
                    return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A field or property of the type: another member of the type may close it (a Dispose after a Disconnect). Any
    /// <c>x.Close()</c>, <c>x.Dispose()</c> or <c>x?.Dispose()</c> of the same name outside the tested if counts;
    /// a text search of the type's declarations, done only for the rare guarded close.
    /// </summary>
    private static bool ClosedByAnotherMember(ISymbol member, IConditionalOperation test)
    {
        foreach (var reference in member.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax().DescendantNodes())
            {
                if (node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" or "DisposeAsync" } access &&
                    !test.Syntax.Span.Contains(access.Span) &&
                    NamesMember(access.Expression, member.Name, depth: 0))
                {
                    return true;
                }

                if (node is ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" or "DisposeAsync" } } } conditional &&
                    NamesMember(conditional.Expression, member.Name, depth: 0))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary><c>x</c>, <c>this.x</c>, or <c>x.Client</c> of one of them (one step: <c>x.Client.Client</c> is no such name).</summary>
    private static bool NamesMember(ExpressionSyntax expression, string name, int depth) => expression switch
    {
        IdentifierNameSyntax identifier => identifier.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax, Name: var memberName } => memberName.Identifier.ValueText == name,
        MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Client", Expression: var owner } when depth == 0 => NamesMember(owner, name, depth + 1),
        _ => false,
    };

    private static bool HasArgument(IInvocationOperation call, IOperation variable)
    {
        foreach (var argument in call.Arguments)
        {
            if (SameVariable(argument.Value, variable))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary><c>client.Client.Close()</c> closes what <c>client</c> holds.</summary>
    private static bool IsClientOf(IOperation instance, IOperation variable) =>
        ConnectionSemantics.Strip(instance) is IPropertyReferenceOperation { Property.Name: "Client", Instance: { } owner } && SameVariable(owner, variable);

    /// <summary>The same local, parameter, or field or property of <c>this</c> (or of a static).</summary>
    private static bool SameVariable(IOperation? left, IOperation right)
    {
        left = left is null ? null : ConnectionSemantics.Strip(left);
        right = ConnectionSemantics.Strip(right);
        return (left, right) switch
        {
            (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
            (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
            (IMemberReferenceOperation a, IMemberReferenceOperation b) =>
                SymbolEqualityComparer.Default.Equals(a.Member, b.Member) && IsThisOrStatic(a.Instance) && IsThisOrStatic(b.Instance),
            _ => false,
        };
    }

    private static bool IsThisOrStatic(IOperation? instance) => instance is null or IInstanceReferenceOperation;

    private static IOperation FunctionOf(IOperation operation)
    {
        var function = operation;
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            function = parent;
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                break;
            }
        }

        return function;
    }
}
