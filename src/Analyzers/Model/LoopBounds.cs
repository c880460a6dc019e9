using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Whether a loop runs a number of times fixed before it starts, whatever its body reads: a <c>foreach</c> over a
/// collection, or a <c>for</c> loop that steps a counter of its own toward a bound the body
/// does not change. Such a loop ends even when every read in it returns the end of the stream.
/// </summary>
internal static class LoopBounds
{
    public static bool IsFixedCount(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation forEach => IsCountedCollection(forEach.Collection),
        IForLoopOperation forLoop => IsCountedFor(forLoop),
        _ => false,
    };

    /// <summary>
    /// A foreach ends when its collection does. An enumerable that never ends is rare, and one that waits for items (a
    /// consuming enumerable, a channel) blocks when empty rather than spinning; so only a collection of unknown type
    /// (half-typed code) is not judged.
    /// </summary>
    private static bool IsCountedCollection(IOperation collection) =>
        ConnectionSemantics.Strip(collection).Type is { TypeKind: not TypeKind.Error };

    /// <summary>
    /// <c>for (var i = a; i &lt; n; i++)</c> and its mirrors: the counter is the loop's own, only its increments step it
    /// (by a constant, toward the bound), and the bound is a constant, a local or parameter the loop does not assign,
    /// or the <c>Length</c> of an array or string held in one.
    /// </summary>
    private static bool IsCountedFor(IForLoopOperation loop)
    {
        if (loop.Condition is not IBinaryOperation condition)
        {
            return false;
        }

        var left = ConnectionSemantics.Strip(condition.LeftOperand);
        var right = ConnectionSemantics.Strip(condition.RightOperand);
        ILocalSymbol counter;
        IOperation bound;
        int direction;
        if (left is ILocalReferenceOperation leftLocal && loop.Locals.Contains(leftLocal.Local, SymbolEqualityComparer.Default))
        {
            counter = leftLocal.Local;
            bound = right;
            direction = condition.OperatorKind switch
            {
                BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual => 1,
                BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual => -1,
                _ => 0,
            };
        }
        else if (right is ILocalReferenceOperation rightLocal && loop.Locals.Contains(rightLocal.Local, SymbolEqualityComparer.Default))
        {
            counter = rightLocal.Local;
            bound = left;
            direction = condition.OperatorKind switch
            {
                BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual => 1,
                BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual => -1,
                _ => 0,
            };
        }
        else
        {
            return false;
        }

        return direction != 0 &&
               loop.AtLoopBottom.Length == 1 && StepOf(loop.AtLoopBottom[0], counter) == direction &&
               IsFixedBound(bound, loop) &&
               !AssignedIn(loop.Body, counter);
    }

    /// <summary>+1 or -1 when the operation steps the counter up or down by a positive constant; 0 otherwise.</summary>
    private static int StepOf(IOperation increment, ILocalSymbol counter)
    {
        var operation = increment is IExpressionStatementOperation statement ? statement.Operation : increment;
        switch (operation)
        {
            case IIncrementOrDecrementOperation step when IsLocal(step.Target, counter):
                return step.Kind == OperationKind.Increment ? 1 : -1;
            case ICompoundAssignmentOperation { Value.ConstantValue: { HasValue: true, Value: int by } } compound
                when by > 0 && IsLocal(compound.Target, counter):
                return compound.OperatorKind switch
                {
                    BinaryOperatorKind.Add => 1,
                    BinaryOperatorKind.Subtract => -1,
                    _ => 0,
                };
            default:
                return 0;
        }
    }

    private static bool IsFixedBound(IOperation bound, IForLoopOperation loop)
    {
        if (bound.ConstantValue.HasValue)
        {
            return true;
        }

        switch (bound)
        {
            case ILocalReferenceOperation local:
                return !AssignedIn(loop, local.Local);
            case IParameterReferenceOperation parameter:
                return !AssignedIn(loop, parameter.Parameter);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } holder } length
                when holder.Type is IArrayTypeSymbol || holder.Type?.SpecialType == SpecialType.System_String:
                return ConnectionSemantics.Strip(holder) switch
                {
                    ILocalReferenceOperation local => !AssignedIn(loop, local.Local),
                    IParameterReferenceOperation parameter => !AssignedIn(loop, parameter.Parameter),
                    _ => false,
                } && length.Arguments.IsEmpty;
            default:
                return false;
        }
    }

    /// <summary>Whether anything under <paramref name="scope"/> (lambdas included: they may run in it) may assign the variable.</summary>
    private static bool AssignedIn(IOperation scope, ISymbol variable)
    {
        foreach (var node in scope.Descendants())
        {
            var target = node switch
            {
                IAssignmentOperation assignment => assignment.Target,
                IIncrementOrDecrementOperation step => step.Target,
                IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref } argument => argument.Value,
                _ => null,
            };
            if (target is not null && target.DescendantsAndSelf().Any(part => ValueOrigins.VariableOf(part) is { } assigned &&
                    SymbolEqualityComparer.Default.Equals(assigned, variable)))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsLocal(IOperation operation, ILocalSymbol local) =>
        ConnectionSemantics.Strip(operation) is ILocalReferenceOperation reference &&
        SymbolEqualityComparer.Default.Equals(reference.Local, local);
}
