using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace SocketAnalyzers.Model;

/// <summary>Where a call sits: under a test of <c>Connected</c>, or inside a try whose catch takes connection errors.</summary>
internal static class ConnectedGuards
{
    /// <summary><c>if (c.Connected) c.Close();</c> and the like: the call sits under a condition that reads Connected.</summary>
    public static bool IsGuardedByConnected(IOperation call)
    {
        for (var node = call.Syntax.Parent; node is not null && node is not MemberDeclarationSyntax; node = node.Parent)
        {
            var condition = node switch
            {
                IfStatementSyntax ifStatement when ifStatement.Statement.Span.Contains(call.Syntax.Span) => ifStatement.Condition,
                ConditionalExpressionSyntax conditional when conditional.WhenTrue.Span.Contains(call.Syntax.Span) => conditional.Condition,
                BinaryExpressionSyntax binary when binary.Right.Span.Contains(call.Syntax.Span) => binary.Left,
                _ => null,
            };
            if (condition is not null && MentionsConnected(condition))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The call is in the body of a try (of the same function) that has a catch able to take a connection error.</summary>
    public static bool IsInsideTryCatchingConnectionErrors(IOperation call, ConnectionModel model)
    {
        for (var child = call; child.Parent is { } parent; child = parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }

            if (parent is ITryOperation @try && @try.Body == child)
            {
                foreach (var clause in @try.Catches)
                {
                    if (model.CatchMayTakeSocketError(clause.ExceptionType))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private static bool MentionsConnected(SyntaxNode condition)
    {
        foreach (var identifier in condition.DescendantNodesAndSelf())
        {
            if (identifier is IdentifierNameSyntax { Identifier.ValueText: "Connected" })
            {
                return true;
            }
        }

        return false;
    }
}
