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
    public static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionModel model)
    {
        filter = ConnectionSemantics.Strip(filter);
        switch (filter)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                return AdmitsOnlyTransientErrors(or.LeftOperand, model) && AdmitsOnlyTransientErrors(or.RightOperand, model);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                return AdmitsOnlyTransientErrors(and.LeftOperand, model) || AdmitsOnlyTransientErrors(and.RightOperand, model);
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return IsTransient(model.GetSocketErrorName(equals.RightOperand) ?? model.GetSocketErrorName(equals.LeftOperand));
            case IIsPatternOperation isPattern:
                return PatternAdmitsOnlyTransient(isPattern.Pattern, model);
            default:
                return false;
        }
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
