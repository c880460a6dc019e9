using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>Edits of syntax that fixes share: whether an expression may be evaluated again, where parentheses are needed, and the file's indentation and line endings.</summary>
internal static class SyntaxEdits
{
    /// <summary>Whether evaluating <paramref name="node"/> again could do something (a call, an assignment, an await ...); <paramref name="except"/> is not looked at.</summary>
    public static bool HasSideEffects(SyntaxNode? node, SyntaxNode? except)
    {
        if (node is null)
        {
            return false;
        }

        foreach (var descendant in node.DescendantNodesAndSelf(n => n != except))
        {
            switch (descendant)
            {
                case InvocationExpressionSyntax invocation when invocation != node:
                case AssignmentExpressionSyntax:
                case AwaitExpressionSyntax:
                case ObjectCreationExpressionSyntax or ImplicitObjectCreationExpressionSyntax:
                case PrefixUnaryExpressionSyntax prefix when prefix.IsKind(SyntaxKind.PreIncrementExpression) || prefix.IsKind(SyntaxKind.PreDecrementExpression):
                case PostfixUnaryExpressionSyntax:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Whether <c>a || b</c> (or <c>a &amp;&amp; b</c>) replacing <paramref name="check"/> needs parentheses to keep its meaning.</summary>
    public static bool NeedsParentheses(ExpressionSyntax check, SyntaxKind kind)
    {
        switch (check.Parent)
        {
            case BinaryExpressionSyntax parent:
                return !(parent.IsKind(kind) ||
                         kind == SyntaxKind.LogicalAndExpression && parent.IsKind(SyntaxKind.LogicalOrExpression));
            case ConditionalExpressionSyntax conditional:
                return conditional.Condition != check;
            case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax or MemberAccessExpressionSyntax or
                ConditionalAccessExpressionSyntax or CastExpressionSyntax or IsPatternExpressionSyntax or
                BinaryPatternSyntax or ElementAccessExpressionSyntax or SwitchExpressionSyntax or RangeExpressionSyntax:
                return true;
            default:
                return false;
        }
    }

    public static ExpressionSyntax ParenthesizeForAnd(ExpressionSyntax expression) =>
        expression is BinaryExpressionSyntax binary && !binary.IsKind(SyntaxKind.LogicalAndExpression) && binary.IsKind(SyntaxKind.LogicalOrExpression) ||
        expression is ConditionalExpressionSyntax or AssignmentExpressionSyntax or SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax
            ? ParenthesizedExpression(expression)
            : expression;

    /// <summary>The whitespace that starts the line of a node (its comments and blank lines are not copied).</summary>
    public static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
    {
        for (var i = leading.Count - 1; i >= 0; i--)
        {
            if (leading[i].IsKind(SyntaxKind.WhitespaceTrivia))
            {
                return TriviaList(leading[i]);
            }

            if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
            {
                break;
            }
        }

        return TriviaList();
    }

    /// <summary>The line break that ends <paramref name="node"/>, so inserted code keeps the file's line endings (LF or CRLF).</summary>
    public static SyntaxTrivia LineBreakAfter(SyntaxNode node)
    {
        foreach (var trivia in node.GetTrailingTrivia())
        {
            if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
            {
                return trivia;
            }
        }

        return ElasticCarriageReturnLineFeed;
    }

    /// <summary>A node's trailing trivia ending in a line break, so the next label starts a line.</summary>
    public static SyntaxTriviaList EndOfLine(SyntaxNode node)
    {
        var trailing = node.GetTrailingTrivia();
        return trailing.Any(SyntaxKind.EndOfLineTrivia) ? trailing : trailing.Add(ElasticCarriageReturnLineFeed);
    }
}
