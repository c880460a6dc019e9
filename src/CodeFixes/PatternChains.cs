using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.CodeFixes;

/// <summary>Patterns read with a loop, not a recursion: an or-chain can be longer than a thread's stack is deep.</summary>
internal static class PatternChains
{
    /// <summary>The constants of <c>A or (B or C)</c>, left to right; null when anything else is in the chain.</summary>
    public static List<ExpressionSyntax>? OrChainConstants(PatternSyntax pattern)
    {
        var constants = new List<ExpressionSyntax>();
        var pending = new Stack<PatternSyntax>();
        pending.Push(pattern);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case ConstantPatternSyntax constant:
                    constants.Add(constant.Expression);
                    break;
                case ParenthesizedPatternSyntax parenthesized:
                    pending.Push(parenthesized.Pattern);
                    break;
                case BinaryPatternSyntax binary when binary.IsKind(SyntaxKind.OrPattern):
                    pending.Push(binary.Right);
                    pending.Push(binary.Left);
                    break;
                default:
                    return null;
            }
        }

        return constants;
    }
}
