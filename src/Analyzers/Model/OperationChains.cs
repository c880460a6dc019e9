using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// Chains of one operator read as lists, and the bound every recursive walk of one expression tree obeys. A recursion
/// over an operation tree follows the input's nesting, and the compiler accepts far deeper nesting than a thread's
/// stack holds for such a walk (a 30,000-term <c>||</c> compiles; an analyzer recursing on it overflows the stack
/// and takes the host down). So chains are read with a loop, and what alternates beyond <see cref="MaxNesting"/>
/// levels is "unknown", which never reports.
/// </summary>
internal static class OperationChains
{
    /// <summary>How many levels a recursive walk of one expression or pattern goes before it answers "unknown".</summary>
    public const int MaxNesting = 64;

    /// <summary>The operands of a chain of one binary operator (<c>a || b || c</c>), left to right, conversions stripped.</summary>
    public static List<IOperation> Operands(IOperation operation, BinaryOperatorKind kind)
    {
        var operands = new List<IOperation>();
        var pending = new Stack<IOperation>();
        pending.Push(operation);
        while (pending.Count > 0)
        {
            var current = ConnectionSemantics.Strip(pending.Pop());
            if (current is IBinaryOperation binary && binary.OperatorKind == kind)
            {
                pending.Push(binary.RightOperand);
                pending.Push(binary.LeftOperand);
            }
            else
            {
                operands.Add(current);
            }
        }

        return operands;
    }

    /// <summary>The operands of a chain of one pattern combinator (<c>1 or 2 or 3</c>), left to right.</summary>
    public static List<IPatternOperation> Operands(IPatternOperation pattern, BinaryOperatorKind kind)
    {
        var operands = new List<IPatternOperation>();
        var pending = new Stack<IPatternOperation>();
        pending.Push(pattern);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (current is IBinaryPatternOperation binary && binary.OperatorKind == kind)
            {
                pending.Push(binary.RightPattern);
                pending.Push(binary.LeftPattern);
            }
            else
            {
                operands.Add(current);
            }
        }

        return operands;
    }

    /// <summary>The operand under any number of <c>!</c>, and whether their count is odd.</summary>
    public static IOperation WithoutNegations(IOperation operation, out bool negated)
    {
        negated = false;
        operation = ConnectionSemantics.Strip(operation);
        while (operation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not)
        {
            negated = !negated;
            operation = ConnectionSemantics.Strip(not.Operand);
        }

        return operation;
    }
}
