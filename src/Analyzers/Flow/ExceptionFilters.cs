using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using SocketAnalyzers.Model;

namespace SocketAnalyzers.Flow;

/// <summary>
/// Reads catch filters: which socket errors a <c>when (...)</c> lets through. The checks themselves are read by
/// <see cref="SocketErrorChecks"/>; this judges how <c>&amp;&amp;</c>, <c>||</c>, patterns and helper calls combine them.
/// </summary>
internal static class ExceptionFilters
{
    /// <summary>
    /// True when the filter admits only transient codes (TimedOut, WouldBlock, Interrupted, MessageSize ...), after
    /// which the connection is still usable; false when it may admit a reset, broken pipe or anything unknown.
    /// </summary>
    public static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionModel model) =>
        AdmitsOnlyTransientErrors(filter, model, semantics: null, depth: 0, nesting: 0);

    /// <summary>
    /// The same, seeing through the project's classification helpers (<c>when (IsTransient(e))</c>): a method whose
    /// body returns one expression is judged by that expression, to <see cref="ConnectionSemantics.MaxSummaryDepth"/> calls deep.
    /// </summary>
    public static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionSemantics semantics) =>
        AdmitsOnlyTransientErrors(filter, semantics.Model, semantics, depth: 0, nesting: 0);

    /// <param name="depth">Helper calls followed so far.</param>
    /// <param name="nesting">Levels of alternating <c>||</c>/<c>&amp;&amp;</c> so far; a chain of one operator is one level.</param>
    private static bool AdmitsOnlyTransientErrors(IOperation filter, ConnectionModel model, ConnectionSemantics? semantics, int depth, int nesting)
    {
        filter = ConnectionSemantics.Strip(filter);
        if (nesting > OperationChains.MaxNesting)
        {
            return false;
        }

        switch (filter)
        {
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr }:
                foreach (var operand in OperationChains.Operands(filter, BinaryOperatorKind.ConditionalOr))
                {
                    if (!AdmitsOnlyTransientErrors(operand, model, semantics, depth, nesting + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd }:
                foreach (var operand in OperationChains.Operands(filter, BinaryOperatorKind.ConditionalAnd))
                {
                    if (AdmitsOnlyTransientErrors(operand, model, semantics, depth, nesting + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals } equals:
                return FirstCheck(SocketErrorChecks.ForBodyOf(equals, model), equals) is { } comparison && AdmitsOnlyTransient(comparison);
            case IIsPatternOperation isPattern:
                var reader = SocketErrorChecks.ForBodyOf(isPattern, model);
                return FirstCheck(reader, isPattern) is { } check
                    ? AdmitsOnlyTransient(check)
                    : PatternAdmitsOnlyTransient(isPattern.Pattern, reader, nesting + 1);
            case IInvocationOperation invocation when semantics is not null && depth < ConnectionSemantics.MaxSummaryDepth &&
                                                      ReturnedExpression(semantics.GetBody(invocation.TargetMethod)) is { } returned:
                return AdmitsOnlyTransientErrors(returned, model, semantics, depth + 1, nesting + 1);
            default:
                return false;
        }
    }

    /// <summary>
    /// The expression a body returns when it is one <c>return</c> (an expression body is one too), after declarations of
    /// locals only (<c>var code = e.SocketErrorCode; return code == ...;</c>: the codes compared are what matters).
    /// </summary>
    private static IOperation? ReturnedExpression(IOperation? body)
    {
        var block = body switch
        {
            IMethodBodyOperation method => method.BlockBody ?? method.ExpressionBody,
            IBlockOperation plain => plain,
            _ => null,
        };
        if (block is null || block.Operations.IsEmpty)
        {
            return null;
        }

        for (var i = 0; i < block.Operations.Length - 1; i++)
        {
            if (block.Operations[i] is not IVariableDeclarationGroupOperation)
            {
                return null;
            }
        }

        return block.Operations[block.Operations.Length - 1] is IReturnOperation { ReturnedValue: { } returned } ? returned : null;
    }

    /// <summary>
    /// A pattern on what is not itself a code (<c>e is SocketException { SocketErrorCode: ... }</c>): its property
    /// subpatterns are the checks, joined by <c>or</c> (each must admit only transient codes) or <c>and</c> (one must).
    /// </summary>
    private static bool PatternAdmitsOnlyTransient(IPatternOperation pattern, SocketErrorChecks reader, int nesting)
    {
        if (nesting > OperationChains.MaxNesting)
        {
            return false;
        }

        switch (pattern)
        {
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.Or }:
                foreach (var operand in OperationChains.Operands(pattern, BinaryOperatorKind.Or))
                {
                    if (!PatternAdmitsOnlyTransient(operand, reader, nesting + 1))
                    {
                        return false;
                    }
                }

                return true;
            case IBinaryPatternOperation { OperatorKind: BinaryOperatorKind.And }:
                foreach (var operand in OperationChains.Operands(pattern, BinaryOperatorKind.And))
                {
                    if (PatternAdmitsOnlyTransient(operand, reader, nesting + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IRecursivePatternOperation recursive:
                foreach (var property in recursive.PropertySubpatterns)
                {
                    if (FirstCheck(reader, property) is { } check
                            ? AdmitsOnlyTransient(check)
                            : PatternAdmitsOnlyTransient(property.Pattern, reader, nesting + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    private static SocketErrorCheck? FirstCheck(SocketErrorChecks reader, IOperation operation)
    {
        foreach (var check in reader.Read(operation))
        {
            return check;
        }

        return null;
    }

    /// <summary>True only for SocketError members that leave the connection usable: every alternative is one, none negated.</summary>
    private static bool AdmitsOnlyTransient(SocketErrorCheck check)
    {
        if (!check.IsAlternatives || check.Names.IsEmpty || check.Negated || check.Names.Length != check.Compared.Length)
        {
            return false;
        }

        foreach (var named in check.Names)
        {
            if (!SocketErrorCatalog.NonFatalSocketErrors.Contains(named.Name))
            {
                return false;
            }
        }

        return true;
    }
}
