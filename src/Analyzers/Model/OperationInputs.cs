using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>
/// What an operation whose input is implicit reads: the value a pattern is matched against, the receiver of a
/// <c>?.</c> access, and (through <see cref="ValueOrigins"/>) the single value of a local assigned once. Shared by the readers of error checks, which all
/// follow an exception or a code back to where it comes from.
/// </summary>
internal static class OperationInputs
{
    /// <summary>What a pattern is matched against: the value of <c>is</c>/<c>switch</c>, or the member of an enclosing property pattern.</summary>
    public static IOperation? PatternInput(IPatternOperation pattern)
    {
        IOperation child = pattern;
        for (var parent = pattern.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            switch (parent)
            {
                case IBinaryPatternOperation or INegatedPatternOperation:
                    continue;
                case IIsPatternOperation isPattern:
                    return isPattern.Value;
                case IPropertySubpatternOperation subpattern:
                    // Walking up from a pattern, the child is always the subpattern's pattern, never its member.
                    return subpattern.Member;
                case ISwitchExpressionArmOperation { Parent: ISwitchExpressionOperation switchExpression }:
                    return switchExpression.Value;
                case IPatternCaseClauseOperation { Parent: ISwitchCaseOperation { Parent: ISwitchOperation switchOperation } }:
                    return switchOperation.Value;
                default:
                    return null;
            }
        }

        return null;
    }

    /// <summary>The input of the recursive pattern whose property subpattern reads from <paramref name="instance"/>.</summary>
    public static IOperation? PatternInputOfInstance(IInstanceReferenceOperation instance)
    {
        for (var parent = instance.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IRecursivePatternOperation recursive)
            {
                return PatternInput(recursive);
            }
        }

        return null;
    }

    /// <summary>The receiver of <c>x?.Member</c> is x; null when the instance is not under its conditional access.</summary>
    public static IOperation? ConditionalAccessReceiver(IConditionalAccessInstanceOperation instance)
    {
        IOperation child = instance;
        for (var parent = instance.Parent; parent is not null; child = parent, parent = parent.Parent)
        {
            if (parent is IConditionalAccessOperation conditionalAccess && conditionalAccess.Operation != child)
            {
                return conditionalAccess.Operation;
            }
        }

        return null;
    }

    /// <summary>The one value of a local assigned exactly once (<see cref="ValueOrigins.TryGetSingleValue"/>).</summary>
    public static bool TryGetSingleValue(ILocalReferenceOperation reference, out IOperation value) =>
        ValueOrigins.TryGetSingleValue(reference, out value);

    /// <summary>Single-assignment locals of the function that contains <paramref name="operation"/> (<see cref="ValueOrigins.AssignedOnceInEnclosingFunction"/>).</summary>
    public static IReadOnlyDictionary<ILocalSymbol, IOperation> SingleValuesOfFunction(IOperation operation) =>
        ValueOrigins.AssignedOnceInEnclosingFunction(operation);
}
