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
    public static List<IOperation> Operands(IOperation operation, BinaryOperatorKind kind) =>
        Flatten(operation, current => ConnectionSemantics.Strip(current) is IBinaryOperation binary && binary.OperatorKind == kind
            ? (binary.LeftOperand, binary.RightOperand)
            : null, ConnectionSemantics.Strip);

    /// <summary>The operands of a chain of one pattern combinator (<c>1 or 2 or 3</c>), left to right.</summary>
    public static List<IPatternOperation> Operands(IPatternOperation pattern, BinaryOperatorKind kind) =>
        Flatten(pattern, current => current is IBinaryPatternOperation binary && binary.OperatorKind == kind
            ? (binary.LeftPattern, binary.RightPattern)
            : null, current => current);

    /// <summary>The leaves of a binary tree, left to right, with an explicit stack.</summary>
    private static List<T> Flatten<T>(T root, System.Func<T, (T Left, T Right)?> split, System.Func<T, T> leaf)
    {
        var leaves = new List<T>();
        var pending = new Stack<T>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (split(current) is { } children)
            {
                pending.Push(children.Right);
                pending.Push(children.Left);
            }
            else
            {
                leaves.Add(leaf(current));
            }
        }

        return leaves;
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
