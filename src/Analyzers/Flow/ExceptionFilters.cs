using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>Reads catch filters: which socket errors a <c>when (...)</c> lets through.</summary>
internal static class ExceptionFilters
{
    /// <summary>
    /// True when the filter admits only transient codes (TimedOut, WouldBlock, Interrupted, MessageSize ...), after
    /// which the connection is still usable; false when it may admit a reset, broken pipe or anything unknown.
    /// </summary>
    public static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionModel model) =>
        AdmitsOnlyTransientErrors(filter, model, semantics: null, depth: 0);

    /// <summary>
    /// The same, seeing through the project's classification helpers (<c>when (IsTransient(e))</c>): a method whose
    /// body returns one expression is judged by that expression, to <see cref="ConnectionSemantics.MaxSummaryDepth"/> calls deep.
    /// </summary>
    public static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionSemantics semantics) =>
        AdmitsOnlyTransientErrors(filter, semantics.Model, semantics, depth: 0);

    private static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionModel model, ConnectionSemantics? semantics, int depth)
    {
        filter = ConnectionSemantics.Strip(filter);
        switch (filter)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return AdmitsOnlyTransientErrors(or.LeftOperand, model, semantics, depth) && AdmitsOnlyTransientErrors(or.RightOperand, model, semantics, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return AdmitsOnlyTransientErrors(and.LeftOperand, model, semantics, depth) || AdmitsOnlyTransientErrors(and.RightOperand, model, semantics, depth);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return IsTransient(model.GetSocketErrorName(equals.RightOperand) ?? model.GetSocketErrorName(equals.LeftOperand));
            case IIsPatternOperation isPattern:
                return PatternAdmitsOnlyTransient(isPattern.Pattern, model);
            case IInvocationOperation invocation when semantics is not null && depth < ConnectionSemantics.MaxSummaryDepth &&
                                                      ReturnedExpression(semantics.GetBody(invocation.TargetMethod)) is { } returned:
                return AdmitsOnlyTransientErrors(returned, model, semantics, depth + 1);
            default:
                return false;
        }
    }

    /// <summary>The expression a body consisting of one <c>return</c> returns (an expression body is one too).</summary>
    private static IOperation? ReturnedExpression(IOperation? body)
    {
        var block = body switch
        {
            IMethodBodyOperation method => method.BlockBody ?? method.ExpressionBody,
            IBlockOperation plain => plain,
            _ => null,
        };
        return block is { Operations.Length: 1 } && block.Operations[0] is IReturnOperation { ReturnedValue: { } returned } ? returned : null;
    }

    private static bool PatternAdmitsOnlyTransient(IPatternOperation pattern, ConnectionModel model)
    {
        switch (pattern)
        {
            case IConstantPatternOperation constant:
                return IsTransient(model.GetSocketErrorName(constant.Value));
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or } or:
                return PatternAdmitsOnlyTransient(or.LeftPattern, model) && PatternAdmitsOnlyTransient(or.RightPattern, model);
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And } and:
                return PatternAdmitsOnlyTransient(and.LeftPattern, model) || PatternAdmitsOnlyTransient(and.RightPattern, model);
            case IRecursivePatternOperation recursive:
                foreach (var property in recursive.PropertySubpatterns)
                {
                    if (PatternAdmitsOnlyTransient(property.Pattern, model))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static bool IsTransient(string? socketErrorName) =>
        socketErrorName is not null && SocketErrorCatalog.NonFatalSocketErrors.Contains(socketErrorName);
}
