using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// The pre-check of the end-of-stream question (<see cref="EndOfStreamPaths"/>): a body needs a graph for it only when
/// one of its reads sits in a loop and does not visibly end that loop at the end of the stream. The two read loops
/// most code writes are seen on the operation tree; every other shape is left to the graph.
/// </summary>
internal sealed partial class FlowTriggers
{
    /// <summary>
    /// Whether a read that tells the end of the stream (the body's facts list them) sits inside a loop, where control
    /// can come back to it after it returned the end, and does not leave that loop in one of the shapes seen here.
    /// </summary>
    public static bool HasEndOfStreamReadInLoop(IOperation body, ConnectionSemantics semantics)
    {
        foreach (var (read, endValue) in BodyFacts.Of(body, semantics).EndOfStreamReads)
        {
            for (var parent = read.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is ILoopOperation loop)
                {
                    if (!EndsLoopByItsCondition(read, endValue, loop) && !EndsLoopByTheNextTest(read, endValue, loop))
                    {
                        return true;
                    }

                    break;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// The commonest read loop, <c>while ((n = s.Read(..)) &gt; 0)</c> or <c>while ((line = r.ReadLine()) != null)</c>:
    /// the read is one side of the loop's own condition, compared with a constant, and the end value makes the
    /// condition false, so the loop ends right there.
    /// </summary>
    private static bool EndsLoopByItsCondition(IOperation read, object? endValue, ILoopOperation loop) =>
        loop is IWhileLoopOperation { ConditionIsUntil: false, Condition: { } condition }
        && ValueAtTheEnd(condition, read, null, endValue) == false;

    /// <summary>
    /// The other common one: the statement that reads, <c>int n = s.Read(..);</c> or <c>n = await s.ReadAsync(..);</c>,
    /// is followed by <c>if (n == 0) break;</c> (or <c>return</c>, <c>throw</c>, after statements without control
    /// flow), or the test holds the read itself, <c>if ((n = s.Read(..)) == 0) break;</c>. The end value makes the
    /// test true and the loop is left before anything else runs. A <c>finally</c> between the test and the loop is
    /// left to the graph (it runs on the way out).
    /// </summary>
    private static bool EndsLoopByTheNextTest(IOperation read, object? endValue, ILoopOperation loop)
    {
        // The statement holding the read: the first operation up from it that sits directly in a block.
        IOperation? statement = read;
        while (statement is not null && statement.Parent is not IBlockOperation)
        {
            if (statement == loop)
            {
                return false;
            }

            statement = statement.Parent;
        }

        if (statement?.Parent is not IBlockOperation block)
        {
            return false;
        }

        IConditionalOperation? test;
        ILocalSymbol? local = null;
        if (statement is IConditionalOperation holdsTheRead)
        {
            test = holdsTheRead;
        }
        else
        {
            local = LocalSetBy(statement, read);
            var index = block.Operations.IndexOf(statement);
            test = local is not null && index + 1 < block.Operations.Length ? block.Operations[index + 1] as IConditionalOperation : null;
        }

        return test is { Condition: { } condition, WhenTrue: { } whenTrue }
            && ValueAtTheEnd(condition, read, local, endValue) == true
            && Leaves(whenTrue, loop)
            && !HasFinallyBetween(test, loop);
    }

    /// <summary>The local a statement sets to the read's result: <c>var n = s.Read(..);</c> or <c>n = s.Read(..);</c>.</summary>
    private static ILocalSymbol? LocalSetBy(IOperation statement, IOperation read)
    {
        switch (statement)
        {
            case IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations }
                when declarations[0].Declarators is { Length: 1 } declarators && declarators[0].Initializer?.Value is { } value && EndOfStreamPaths.IsResultOf(value, read):
                return declarators[0].Symbol;
            case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: { } value } }
                when EndOfStreamPaths.IsResultOf(value, read):
                return target.Local;
            default:
                return null;
        }
    }

    /// <summary>A <c>break</c> out of the loop, a <c>return</c> or a <c>throw</c>, alone or last after statements that do not branch.</summary>
    private static bool Leaves(IOperation whenTrue, ILoopOperation loop)
    {
        if (whenTrue is IBlockOperation { Operations: { Length: > 0 } statements })
        {
            for (var i = 0; i < statements.Length - 1; i++)
            {
                if (statements[i] is not (IExpressionStatementOperation or IVariableDeclarationGroupOperation))
                {
                    return false;
                }
            }

            whenTrue = statements[statements.Length - 1];
        }

        return whenTrue switch
        {
            IBranchOperation { BranchKind: BranchKind.Break } branch => SymbolEqualityComparer.Default.Equals(branch.Target, loop.ExitLabel),
            IReturnOperation => true,
            IExpressionStatementOperation { Operation: IThrowOperation } or IThrowOperation => true,
            _ => false,
        };
    }

    private static bool HasFinallyBetween(IOperation test, ILoopOperation loop)
    {
        for (var parent = test.Parent; parent is not null && parent != loop; parent = parent.Parent)
        {
            if (parent is ITryOperation { Finally: not null })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// The value of a test when the read returned <paramref name="endValue"/>: a comparison of the read (or of
    /// <paramref name="local"/>, set from it) with a constant, <c>n == 0</c>, <c>n &lt;= 0</c>, <c>line is null</c>.
    /// Null when the test is not one of those.
    /// </summary>
    private static bool? ValueAtTheEnd(IOperation condition, IOperation read, ILocalSymbol? local, object? endValue)
    {
        condition = ConnectionSemantics.Strip(condition);
        if (condition is IIsPatternOperation { Value: { } tested, Pattern: IConstantPatternOperation { Value.ConstantValue: { HasValue: true } pattern } })
        {
            return IsTheResult(tested, read, local) ? Evaluate(BinaryOperatorKind.Equals, endValue, pattern.Value) : null;
        }

        if (condition is not IBinaryOperation comparison)
        {
            return null;
        }

        var resultIsLeft = IsTheResult(comparison.LeftOperand, read, local);
        if (!resultIsLeft && !IsTheResult(comparison.RightOperand, read, local))
        {
            return null;
        }

        var constant = (resultIsLeft ? comparison.RightOperand : comparison.LeftOperand).ConstantValue;
        if (!constant.HasValue)
        {
            return null;
        }

        return resultIsLeft
            ? Evaluate(comparison.OperatorKind, endValue, constant.Value)
            : Evaluate(comparison.OperatorKind, constant.Value, endValue);
    }

    private static bool IsTheResult(IOperation operand, IOperation read, ILocalSymbol? local) =>
        EndOfStreamPaths.IsResultOf(operand, read)
        || (local is not null && ConnectionSemantics.Strip(operand) is ILocalReferenceOperation reference
            && SymbolEqualityComparer.Default.Equals(reference.Local, local));

    /// <summary>A comparison of two constants (an int or null), or null when it is not one of those.</summary>
    private static bool? Evaluate(BinaryOperatorKind kind, object? left, object? right)
    {
        if (left is null || right is null)
        {
            return kind switch
            {
                BinaryOperatorKind.Equals => left is null && right is null,
                BinaryOperatorKind.NotEquals => !(left is null && right is null),
                _ => null,
            };
        }

        if (left is not int l || right is not int r)
        {
            return null;
        }

        return kind switch
        {
            BinaryOperatorKind.Equals => l == r,
            BinaryOperatorKind.NotEquals => l != r,
            BinaryOperatorKind.GreaterThan => l > r,
            BinaryOperatorKind.GreaterThanOrEqual => l >= r,
            BinaryOperatorKind.LessThan => l < r,
            BinaryOperatorKind.LessThanOrEqual => l <= r,
            _ => null,
        };
    }
}
