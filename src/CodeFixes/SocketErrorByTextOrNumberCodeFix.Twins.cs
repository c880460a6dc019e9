using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using SocketAnalyzers.Model;
using FixData = SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer.FixData;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// A fix must not write code another rule flags: a check of <c>SocketError.ConnectionReset</c> alone (or of
/// <c>Shutdown</c> alone) is what SOCK002 reports on a write path. The fix is written, SOCK002 is run on the result,
/// and where it flags what the fix wrote, the fix is written again naming both twins. A form this fix cannot write for
/// both (a cast, a switch before C# 9) gets SOCK002's own "Also handle ..." fix on top; where even that leaves SOCK002
/// reporting, that diagnostic gets no fix.
/// </summary>
public sealed partial class SocketErrorByTextOrNumberCodeFix
{
    private const string ConnectionReset = nameof(SocketErrorMeaning.ConnectionReset);
    private const string Shutdown = nameof(SocketErrorMeaning.Shutdown);

    private static string? TwinOf(string meaning) => meaning switch
    {
        ConnectionReset => Shutdown,
        Shutdown => ConnectionReset,
        _ => null,
    };

    /// <summary>The fixed document (null: no fix) and whether the fix names both twins.</summary>
    private static async Task<(Document? Fixed, bool NamesTwins)> FixNamingTwinsAsync(
        Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var single = new TwinPass(new HashSet<Diagnostic>(), new HashSet<Diagnostic>());
        var fixedDocument = await FixAsync(document, diagnostics, single, cancellationToken).ConfigureAwait(false);
        if (fixedDocument is null)
        {
            return (null, false);
        }

        var flagged = await FlaggedAsync(fixedDocument, single, cancellationToken).ConfigureAwait(false);
        if (flagged.Count == 0)
        {
            return (fixedDocument, false);
        }

        var paired = new TwinPass(new HashSet<Diagnostic>(flagged.Keys), new HashSet<Diagnostic>());
        fixedDocument = await FixAsync(document, diagnostics, paired, cancellationToken).ConfigureAwait(false);
        var unpairable = new HashSet<Diagnostic>(flagged.Keys.Where(diagnostic => !paired.Written.ContainsKey(diagnostic)));
        if (fixedDocument is not null)
        {
            unpairable.UnionWith((await FlaggedAsync(fixedDocument, paired, cancellationToken).ConfigureAwait(false)).Keys);
        }

        if (unpairable.Count == 0)
        {
            return (fixedDocument, paired.NamesTwins);
        }

        // A form this fix cannot write for both (a cast, a switch before C# 9): SOCK002's own fix extends what it wrote.
        var pairable = new HashSet<Diagnostic>(flagged.Keys.Except(unpairable));
        var composing = new TwinPass(pairable, new HashSet<Diagnostic>());
        fixedDocument = await FixAsync(document, diagnostics, composing, cancellationToken).ConfigureAwait(false);
        if (fixedDocument is not null)
        {
            var reported = (await FlaggedAsync(fixedDocument, composing, cancellationToken).ConfigureAwait(false))
                .Where(pair => unpairable.Contains(pair.Key))
                .SelectMany(pair => pair.Value)
                .ToImmutableArray();
            var composed = await CrossRuleChecks.AlsoHandleTwinAsync(fixedDocument, reported, cancellationToken).ConfigureAwait(false);
            if (composed is not null &&
                (await CrossRuleChecks.ReportedAsync(composed, CrossRuleChecks.ConflatedPeerGoneCodes, cancellationToken).ConfigureAwait(false)).Length <=
                (await CrossRuleChecks.ReportedAsync(document, CrossRuleChecks.ConflatedPeerGoneCodes, cancellationToken).ConfigureAwait(false)).Length)
            {
                return (composed, true);
            }
        }

        // Those that still cannot name both get no fix; the others keep theirs.
        var withoutThem = new TwinPass(pairable, unpairable);
        fixedDocument = await FixAsync(document, diagnostics, withoutThem, cancellationToken).ConfigureAwait(false);
        if (fixedDocument is null || (await FlaggedAsync(fixedDocument, withoutThem, cancellationToken).ConfigureAwait(false)).Count > 0)
        {
            return (null, false);
        }

        return (fixedDocument, withoutThem.NamesTwins);
    }

    /// <summary>The diagnostics whose written code SOCK002 reports in <paramref name="fixedDocument"/>, with what it reports there.</summary>
    private static async Task<Dictionary<Diagnostic, List<Diagnostic>>> FlaggedAsync(Document fixedDocument, TwinPass pass, CancellationToken cancellationToken)
    {
        var flagged = new Dictionary<Diagnostic, List<Diagnostic>>();
        var root = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return flagged;
        }

        var written = new Dictionary<Diagnostic, List<SyntaxNode>>();
        foreach (var pair in pass.Written)
        {
            var nodes = pair.Value
                .Where(pass.Marks.ContainsKey)
                .SelectMany(node => root.GetAnnotatedNodes(pass.Marks[node]))
                .ToList();
            // Only where the check around what was written names a twin can SOCK002 report: elsewhere no analysis is needed.
            if (nodes.Any(node => (node.FirstAncestorOrSelf<SyntaxNode>(IsCheckContext) ?? node).DescendantTokens()
                    .Any(token => token.ValueText is ConnectionReset or Shutdown)))
            {
                written.Add(pair.Key, nodes);
            }
        }

        if (written.Count == 0)
        {
            return flagged;
        }

        var reported = await CrossRuleChecks.ReportedAsync(fixedDocument, CrossRuleChecks.ConflatedPeerGoneCodes, cancellationToken).ConfigureAwait(false);
        foreach (var pair in written)
        {
            var here = reported.Where(diagnostic => pair.Value.Any(node => node.Span.IntersectsWith(diagnostic.Location.SourceSpan))).ToList();
            if (here.Count > 0)
            {
                flagged.Add(pair.Key, here);
            }
        }

        return flagged;
    }

    private static bool IsCheckContext(SyntaxNode node) =>
        node is StatementSyntax or CatchFilterClauseSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax or SwitchExpressionSyntax;

    /// <summary>
    /// A check of both twins, the code read once: <c>is A or B</c> from C# 9; before, <c>==</c> twice on a plain
    /// SocketException variable, else a pattern variable (<c>?.SocketErrorCode is SocketError code &amp;&amp; (...)</c>)
    /// so the cast is not written twice.
    /// </summary>
    private static string? TwinCheckText(
        string shape, ExpressionSyntax receiverNode, string meaning, TypeNames names, bool negated, LanguageVersion languageVersion, Func<string> variable)
    {
        if (TwinOf(meaning) is not { } twin)
        {
            return null;
        }

        var receiver = ReceiverText(receiverNode);
        var one = names.SocketError + "." + meaning;
        var other = names.SocketError + "." + twin;
        var code = shape switch
        {
            FixData.ShapeSocketException => $"{receiver}.SocketErrorCode",
            FixData.ShapeIs => $"({receiver} as {names.SocketException})?.SocketErrorCode",
            FixData.ShapeInner => $"({receiver}.InnerException as {names.SocketException})?.SocketErrorCode",
            _ => $"({receiver} as {names.SocketException} ?? {receiver}.InnerException as {names.SocketException})?.SocketErrorCode",
        };

        if (languageVersion >= LanguageVersion.CSharp9)
        {
            var not = negated ? "not " : string.Empty;
            return shape switch
            {
                FixData.ShapeIs => $"{receiver} is {not}{names.SocketException} {{ SocketErrorCode: {one} or {other} }}",
                FixData.ShapeInner => $"{receiver}.InnerException is {not}{names.SocketException} {{ SocketErrorCode: {one} or {other} }}",
                _ => negated ? $"{code} is not ({one} or {other})" : $"{code} is {one} or {other}",
            };
        }

        if (shape == FixData.ShapeSocketException && IsPlainVariable(receiverNode))
        {
            return negated ? $"{code} != {one} && {code} != {other}" : $"{code} == {one} || {code} == {other}";
        }

        var name = variable();
        if (shape == FixData.ShapeSocketException)
        {
            return negated
                ? $"{code} is var {name} && {name} != {one} && {name} != {other}"
                : $"{code} is var {name} && ({name} == {one} || {name} == {other})";
        }

        var check = $"{code} is {names.SocketError} {name} && ({name} == {one} || {name} == {other})";
        return negated ? $"!({check})" : check;
    }

    /// <summary>A variable, parameter or field read: reading it twice is reading the same exception.</summary>
    private static bool IsPlainVariable(ExpressionSyntax receiver)
    {
        while (receiver is MemberAccessExpressionSyntax memberAccess)
        {
            receiver = memberAccess.Expression;
        }

        return receiver is IdentifierNameSyntax or ThisExpressionSyntax;
    }

    /// <summary>The pattern a property subpattern compares with: both twins needs <c>or</c> (C# 9), else no fix.</summary>
    private static string? PatternValue(TypeNames names, string meaning, bool namesTwins, LanguageVersion languageVersion) =>
        !namesTwins ? names.SocketError + "." + meaning
        : languageVersion >= LanguageVersion.CSharp9 && TwinOf(meaning) is { } twin ? $"{names.SocketError}.{meaning} or {names.SocketError}.{twin}"
        : null;

    /// <summary>A switch label's value when the fix names both twins: <c>A or B</c> for a twin, the value alone otherwise.</summary>
    private static string SwitchValue(TypeNames names, string meaning) =>
        TwinOf(meaning) is { } twin ? $"{names.SocketError}.{meaning} or {names.SocketError}.{twin}" : names.SocketError + "." + meaning;

    private static string NegatablePattern(string pattern) => pattern.Contains(" or ") ? "(" + pattern + ")" : pattern;

    /// <summary>A constant (<c>A</c>) or an or-pattern (<c>A or B</c>) as a pattern.</summary>
    private static PatternSyntax? ParsePattern(string text) =>
        Parse(text) is { } constant ? SyntaxFactory.ConstantPattern(constant)
        : Parse("_ is " + text) is IsPatternExpressionSyntax { Pattern: var pattern } ? pattern.WithoutTrivia()
        : null;

    /// <summary>Whether a twin check (maybe <c>a || b</c> or <c>a &amp;&amp; b</c>) put where <paramref name="comparison"/> is needs parentheses.</summary>
    private static bool NeedsParenthesesAroundTwinCheck(ExpressionSyntax comparison, ExpressionSyntax check)
    {
        if (check is BinaryExpressionSyntax logical && (logical.IsKind(SyntaxKind.LogicalOrExpression) || logical.IsKind(SyntaxKind.LogicalAndExpression)))
        {
            switch (comparison.Parent)
            {
                case BinaryExpressionSyntax parent:
                    return !(parent.IsKind(SyntaxKind.LogicalOrExpression) ||
                             parent.IsKind(SyntaxKind.LogicalAndExpression) && logical.IsKind(SyntaxKind.LogicalAndExpression));
                case ConditionalExpressionSyntax:
                    return false;
            }
        }

        return NeedsParentheses(comparison);
    }

    /// <summary>One rewrite of a document: which diagnostics name both twins or are left out, and what each wrote.</summary>
    private sealed class TwinPass
    {
        private readonly HashSet<string> _reserved = new(StringComparer.Ordinal);
        private readonly Dictionary<SyntaxNode, HashSet<string>> _namesInScope = new();

        public TwinPass(HashSet<Diagnostic> paired, HashSet<Diagnostic> excluded)
        {
            Paired = paired;
            Excluded = excluded;
        }

        public HashSet<Diagnostic> Paired { get; }

        public HashSet<Diagnostic> Excluded { get; }

        /// <summary>The original nodes each fixed diagnostic replaced.</summary>
        public Dictionary<Diagnostic, List<SyntaxNode>> Written { get; } = new();

        /// <summary>The annotation on each replacement, by the original node.</summary>
        public Dictionary<SyntaxNode, SyntaxAnnotation> Marks { get; } = new();

        public bool NamesTwins => Written.Keys.Any(Paired.Contains);

        /// <summary>
        /// A name for a pattern variable at <paramref name="node"/> (<c>code</c>, <c>code2</c> ...) that no identifier
        /// of the enclosing member uses and no other rewrite of this pass took, so it can neither clash nor shadow.
        /// </summary>
        public Func<string> Variable(SyntaxNode node) => () =>
        {
            SyntaxNode scope = node.FirstAncestorOrSelf<MemberDeclarationSyntax>() is { } member and not GlobalStatementSyntax
                ? member
                : node.SyntaxTree.GetRoot();
            if (!_namesInScope.TryGetValue(scope, out var names))
            {
                names = new HashSet<string>(
                    scope.DescendantTokens().Where(token => token.IsKind(SyntaxKind.IdentifierToken)).Select(token => token.ValueText),
                    StringComparer.Ordinal);
                _namesInScope.Add(scope, names);
            }

            for (var index = 1; ; index++)
            {
                var name = index == 1 ? "code" : "code" + index;
                if (!names.Contains(name) && _reserved.Add(name))
                {
                    return name;
                }
            }
        };
    }
}
