using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Model;
using FixData = SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer.FixData;

namespace SocketAnalyzers.CodeFixes;

/// <summary>What a SOCK002 diagnostic points at, and what the analyzer passed about it.</summary>
internal sealed class ConflatedPeerGoneCodesFixSite
{
    private ConflatedPeerGoneCodesFixSite(SyntaxNode check, ExpressionSyntax constant, ImmutableDictionary<string, string?> properties, LanguageVersion languageVersion)
    {
        Check = check;
        Constant = constant;
        Properties = properties;
        LanguageVersion = languageVersion;
    }

    public SyntaxNode Check { get; }

    public ExpressionSyntax Constant { get; }

    public ImmutableDictionary<string, string?> Properties { get; }

    public LanguageVersion LanguageVersion { get; }

    public string Twin => Properties.TryGetValue(FixData.Twin, out var twin) && twin is not null ? twin : "";

    public string Form => Properties.TryGetValue(FixData.Form, out var form) && form is not null ? form : "";

    public string Context => Properties.TryGetValue(FixData.Context, out var context) && context is not null ? context : "";

    /// <summary>The twin's value when the check compares a code as a number; empty otherwise.</summary>
    public string TwinValue => Properties.TryGetValue(FixData.TwinValue, out var value) && value is not null ? value : "";

    public string Group => Properties.TryGetValue(FixData.Group, out var group) && group is not null ? group : "";

    public bool Negated => Properties.TryGetValue(FixData.Negated, out var negated) && negated == "true";

    public static ConflatedPeerGoneCodesFixSite? Find(SyntaxNode root, Diagnostic diagnostic)
    {
        if (diagnostic.AdditionalLocations.Count == 0 || !diagnostic.Location.IsInSource ||
            diagnostic.Location.SourceTree != root.SyntaxTree ||
            !diagnostic.Properties.TryGetValue(FixData.Twin, out var twin) || twin is null ||
            !diagnostic.Properties.TryGetValue(FixData.Form, out var form) || form is null)
        {
            return null;
        }

        var check = NodeAt(root, diagnostic.Location.SourceSpan, node => IsCheckSyntax(node, form));
        var constant = NodeAt(
            root,
            diagnostic.AdditionalLocations[0].SourceSpan,
            node => node is MemberAccessExpressionSyntax or QualifiedNameSyntax or IdentifierNameSyntax or CastExpressionSyntax ||
                    node.IsKind(SyntaxKind.NumericLiteralExpression)) as ExpressionSyntax;
        if (check is null || constant is null || !check.Span.Contains(constant.Span))
        {
            return null;
        }

        var languageVersion = root.SyntaxTree.Options is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.CSharp7_3;
        return new ConflatedPeerGoneCodesFixSite(check, constant, diagnostic.Properties, languageVersion);
    }

    public ConflatedPeerGoneCodesFixSite With(SyntaxNode check, ExpressionSyntax constant) => new(check, constant, Properties, LanguageVersion);

    private static bool IsCheckSyntax(SyntaxNode node, string form) => form switch
    {
        nameof(SocketErrorCheckForm.Comparison) => node is BinaryExpressionSyntax,
        nameof(SocketErrorCheckForm.EqualsCall) => node is InvocationExpressionSyntax,
        nameof(SocketErrorCheckForm.IsPattern) => node is IsPatternExpressionSyntax || node.IsKind(SyntaxKind.IsExpression),
        nameof(SocketErrorCheckForm.PropertySubpattern) => node is SubpatternSyntax,
        nameof(SocketErrorCheckForm.CaseLabel) => node is SwitchLabelSyntax,
        nameof(SocketErrorCheckForm.SwitchArm) => node is PatternSyntax,
        _ => false,
    };

    private static SyntaxNode? NodeAt(SyntaxNode root, TextSpan span, Func<SyntaxNode, bool> wanted)
    {
        if (!root.FullSpan.Contains(span))
        {
            return null;
        }

        return root.FindNode(span, getInnermostNodeForTie: false)
            .DescendantNodesAndSelf(node => node.Span.Contains(span))
            .FirstOrDefault(node => node.Span == span && wanted(node));
    }
}
