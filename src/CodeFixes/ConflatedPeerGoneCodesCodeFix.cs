using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Model;
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;
using static SocketAnalyzers.CodeFixes.SyntaxEdits;
using FixData = SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer.FixData;
using Site = SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesFixSite;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK002 fixes. "Also handle ..." extends the check to the twin code: <c>x == A</c> → <c>x == A || x == B</c>
/// (<c>!=</c> → <c>&amp;&amp;</c>), <c>x is A</c> → <c>x is A or B</c> (C# 9+; <c>x is A || x is B</c> before), a
/// property subpattern or switch arm pattern → <c>A or B</c> (C# 9+; a switch arm gets a copy of itself for B on
/// C# 8), <c>case A:</c> → a <c>case B:</c> label in the same section. "Handle ... in its own catch clause" adds a
/// clause for the twin: after the current one when the check is in its filter (same body, filter with the check
/// replaced by one for the twin); before it when the check is the condition of the catch body's first <c>if</c>,
/// whose branch leaves the catch (that branch becomes the new clause's body). No fix where the result would not
/// compile or would evaluate a call twice.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConflatedPeerGoneCodesCodeFix)), Shared]
public sealed class ConflatedPeerGoneCodesCodeFix : CodeFixProvider
{
    public const string AlsoHandleTwinKey = "SOCK002.AlsoHandleTwin";
    public const string OwnClauseKey = "SOCK002.HandleTwinInOwnCatchClause";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ConflatedPeerGoneCodes);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create((fixAllContext, document, diagnostics) =>
            FixAsync(document, diagnostics, fixAllContext.CodeActionEquivalenceKey, fixAllContext.CancellationToken)!);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (Site.Find(root, diagnostic) is not { } site)
            {
                continue;
            }

            foreach (var key in new[] { AlsoHandleTwinKey, OwnClauseKey })
            {
                if (Rewrite(root, site, key) is null)
                {
                    continue;
                }

                var equivalenceKey = key;
                context.RegisterCodeFix(
                    CodeAction.Create(
                        Title(key, site.Twin),
                        cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), equivalenceKey, cancellationToken),
                        equivalenceKey),
                    diagnostic);
            }
        }
    }

    private static string Title(string key, string twin)
    {
        var resource = (key == AlsoHandleTwinKey ? "SOCK002_AlsoHandle" : "SOCK002_OwnClause") + twin;
        return Resources.ResourceManager.GetString(resource) ?? resource;
    }

    /// <summary>
    /// Applies the fix <paramref name="key"/> for each handler (diagnostic group) once, at its first diagnostic the fix
    /// applies to: once a handler names the twin, its other diagnostics are gone too.
    /// </summary>
    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || key is null)
        {
            return document;
        }

        var chosen = new List<Site>();
        var groups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
        {
            if (Site.Find(root, diagnostic) is { } site && !groups.Contains(site.Group) && Rewrite(root, site, key) is not null)
            {
                groups.Add(site.Group);
                chosen.Add(site);
            }
        }

        if (chosen.Count == 0)
        {
            return document;
        }

        // Mark every site, then rewrite one at a time (innermost first), finding the sites again by their marks.
        var marks = new Dictionary<SyntaxNode, SyntaxAnnotation>();
        foreach (var site in chosen)
        {
            marks[site.Check] = new SyntaxAnnotation();
            marks[site.Constant] = new SyntaxAnnotation();
        }

        var current = root.ReplaceNodes(marks.Keys, (original, rewritten) => rewritten.WithAdditionalAnnotations(marks[original]));
        foreach (var site in chosen.OrderByDescending(s => s.Check.SpanStart))
        {
            var check = current.GetAnnotatedNodes(marks[site.Check]).FirstOrDefault();
            var constant = current.GetAnnotatedNodes(marks[site.Constant]).FirstOrDefault() as ExpressionSyntax;
            if (check is null || constant is null)
            {
                continue;
            }

            current = Rewrite(current, site.With(check, constant), key) ?? current;
        }

        var changed = document.WithSyntaxRoot(current);
        return await Formatter.FormatAsync(changed, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static SyntaxNode? Rewrite(SyntaxNode root, Site site, string key) =>
        key == AlsoHandleTwinKey ? AlsoHandleTwin(root, site) : key == OwnClauseKey ? OwnClause(root, site) : null;

    // ----- "Also handle ...": extend the check -------------------------------------------------------------------

    private static SyntaxNode? AlsoHandleTwin(SyntaxNode root, Site site)
    {
        var twin = TwinConstant(site.Constant, site);
        if (twin is null)
        {
            return null;
        }

        var patterns = site.LanguageVersion >= LanguageVersion.CSharp9;
        switch (site.Form)
        {
            case nameof(SocketErrorCheckForm.Comparison) when site.Check is BinaryExpressionSyntax:
            case nameof(SocketErrorCheckForm.EqualsCall) when site.Check is InvocationExpressionSyntax:
                return JoinWithTwin(root, (ExpressionSyntax)site.Check, site, twin);

            case nameof(SocketErrorCheckForm.IsPattern) when site.Check is BinaryExpressionSyntax isConstant && isConstant.IsKind(SyntaxKind.IsExpression):
                // `x is SocketError.A` parses as a type test and binds as a constant pattern.
                if (patterns)
                {
                    var extended = IsPatternExpression(
                        isConstant.Left,
                        isConstant.OperatorToken,
                        BinaryPattern(
                            SyntaxKind.OrPattern,
                            ConstantPattern(((ExpressionSyntax)isConstant.Right).WithoutTrivia()),
                            Token(SyntaxKind.OrKeyword).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
                            ConstantPattern(twin.WithoutTrivia())).WithTriviaFrom(isConstant.Right));
                    return root.ReplaceNode(isConstant, extended);
                }

                return JoinWithTwin(root, isConstant, site, twin);

            case nameof(SocketErrorCheckForm.IsPattern) when site.Check is IsPatternExpressionSyntax isPattern:
                if (patterns)
                {
                    return ExtendPattern(root, site, twin);
                }

                return isPattern.Pattern is ConstantPatternSyntax ? JoinWithTwin(root, isPattern, site, twin) : null;

            case nameof(SocketErrorCheckForm.PropertySubpattern) when site.Check is SubpatternSyntax && patterns:
                return ExtendPattern(root, site, twin);

            case nameof(SocketErrorCheckForm.CaseLabel) when site.Check is CaseSwitchLabelSyntax label:
                return AddCaseLabel(root, label, label.ReplaceNode(site.Constant, twin));

            case nameof(SocketErrorCheckForm.CaseLabel) when site.Check is CasePatternSwitchLabelSyntax patternLabel:
                if (patternLabel.Pattern is ConstantPatternSyntax constantPattern && constantPattern.Expression == site.Constant)
                {
                    return AddCaseLabel(root, patternLabel, patternLabel.ReplaceNode(site.Constant, twin));
                }

                return patterns ? ExtendPattern(root, site, twin) : null;

            case nameof(SocketErrorCheckForm.SwitchArm) when site.Check is PatternSyntax armPattern && armPattern.Parent is SwitchExpressionArmSyntax arm:
                if (patterns)
                {
                    return ExtendPattern(root, site, twin);
                }

                return armPattern is ConstantPatternSyntax ? AddSwitchArm(root, arm, arm.ReplaceNode(site.Constant, twin)) : null;

            default:
                return null;
        }
    }

    /// <summary><c>check || check[A→B]</c> (<c>&amp;&amp;</c> for a negated check), when the tested value can be evaluated twice.</summary>
    private static SyntaxNode? JoinWithTwin(SyntaxNode root, ExpressionSyntax check, Site site, ExpressionSyntax twin)
    {
        if (HasSideEffects(check, site.Constant))
        {
            return null;
        }

        var negated = site.Negated || check.IsKind(SyntaxKind.NotEqualsExpression);
        var kind = negated ? SyntaxKind.LogicalAndExpression : SyntaxKind.LogicalOrExpression;
        var twinCheck = check.ReplaceNode(site.Constant, twin).WithoutTrivia();
        ExpressionSyntax joined = BinaryExpression(
            kind,
            check.WithoutTrivia(),
            Token(negated ? SyntaxKind.AmpersandAmpersandToken : SyntaxKind.BarBarToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
            twinCheck);
        if (NeedsParentheses(check, kind))
        {
            joined = ParenthesizedExpression(joined);
        }

        return root.ReplaceNode(check, joined.WithTriviaFrom(check));
    }

    /// <summary>The or-chain that holds the constant becomes <c>chain or B</c> (parenthesized under <c>not</c>/<c>and</c>).</summary>
    private static SyntaxNode? ExtendPattern(SyntaxNode root, Site site, ExpressionSyntax twin)
    {
        if (site.Constant.Parent is not ConstantPatternSyntax constantPattern)
        {
            return null;
        }

        PatternSyntax chain = constantPattern;
        while (chain.Parent is BinaryPatternSyntax parent && parent.IsKind(SyntaxKind.OrPattern))
        {
            chain = parent;
        }

        PatternSyntax extended = BinaryPattern(
            SyntaxKind.OrPattern,
            chain.WithoutTrivia(),
            Token(SyntaxKind.OrKeyword).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
            ConstantPattern(twin.WithoutTrivia()));
        if (chain.Parent is UnaryPatternSyntax or BinaryPatternSyntax)
        {
            extended = ParenthesizedPattern(extended);
        }

        return root.ReplaceNode(chain, extended.WithTriviaFrom(chain));
    }

    /// <summary>A <c>case B:</c> label after the last label of the section, on its own line like the others.</summary>
    private static SyntaxNode? AddCaseLabel(SyntaxNode root, SwitchLabelSyntax label, SwitchLabelSyntax twinLabel)
    {
        if (label.Parent is not SwitchSectionSyntax section || label.ContainsDiagnostics)
        {
            return null;
        }

        var last = section.Labels.Last();
        var added = twinLabel
            .WithLeadingTrivia(Indentation(label.GetLeadingTrivia()))
            .WithTrailingTrivia(last.GetTrailingTrivia());
        var labels = section.Labels.Replace(last, last.WithTrailingTrivia(EndOfLine(last))).Add(added);
        return root.ReplaceNode(section, section.WithLabels(labels));
    }

    /// <summary>C# 8: a copy of the arm for B right after it (switch expressions have no <c>or</c> patterns before C# 9).</summary>
    private static SyntaxNode? AddSwitchArm(SyntaxNode root, SwitchExpressionArmSyntax arm, SwitchExpressionArmSyntax twinArm)
    {
        if (arm.Parent is not SwitchExpressionSyntax switchExpression || HasSideEffects(arm.WhenClause, null))
        {
            return null;
        }

        var arms = switchExpression.Arms;
        var index = arms.IndexOf(arm);
        var nodes = new List<SwitchExpressionArmSyntax>();
        var separators = new List<SyntaxToken>();
        for (var i = 0; i < arms.Count; i++)
        {
            nodes.Add(arms[i]);
            if (i == index)
            {
                var separator = i < arms.SeparatorCount
                    ? arms.GetSeparator(i)
                    : Token(SyntaxKind.CommaToken).WithTrailingTrivia(ElasticCarriageReturnLineFeed);
                separators.Add(separator);
                nodes.Add(twinArm.WithLeadingTrivia(Indentation(arm.GetLeadingTrivia())).WithTrailingTrivia(arm.GetTrailingTrivia()));
                if (i < arms.SeparatorCount)
                {
                    separators.Add(separator);
                }

                continue;
            }

            if (i < arms.SeparatorCount)
            {
                separators.Add(arms.GetSeparator(i));
            }
        }

        return root.ReplaceNode(switchExpression, switchExpression.WithArms(SeparatedList(nodes, separators)));
    }

    // ----- "Handle ... in its own catch clause" ----------------------------------------------------------------------

    private static SyntaxNode? OwnClause(SyntaxNode root, Site site)
    {
        if (site.Context != FixData.ContextCatch || site.Negated ||
            site.Check.FirstAncestorOrSelf<CatchClauseSyntax>() is not { Parent: TryStatementSyntax tryStatement } clause ||
            clause.Declaration is not { Identifier.IsMissing: false } declaration || declaration.Identifier.IsKind(SyntaxKind.None) ||
            TwinOnlyCheck(site) is not { } twinOnly)
        {
            return null;
        }

        var index = tryStatement.Catches.IndexOf(clause);
        if (clause.Filter is { } filter && IsMonotoneWithin(site.Check, filter.FilterExpression))
        {
            // After the current clause: the same clause, for the twin.
            var twinClause = clause.WithFilter(filter.WithFilterExpression(filter.FilterExpression.ReplaceNode(site.Check, twinOnly)));
            return root.ReplaceNode(tryStatement, tryStatement.WithCatches(tryStatement.Catches.Insert(index + 1, twinClause)));
        }

        if (clause.Block.Statements.FirstOrDefault() is IfStatementSyntax { Else: null } first &&
            IsMonotoneWithin(site.Check, first.Condition) && LeavesCatch(first.Statement))
        {
            // Before the current clause (which takes every code): the branch the check guards, for the twin.
            var condition = first.Condition.ReplaceNode(site.Check, twinOnly).WithoutTrivia();
            var newFilter = clause.Filter is { } existing
                ? BinaryExpression(
                    SyntaxKind.LogicalAndExpression,
                    ParenthesizeForAnd(existing.FilterExpression.WithoutTrivia()),
                    Token(SyntaxKind.AmpersandAmpersandToken).WithLeadingTrivia(Space).WithTrailingTrivia(Space),
                    ParenthesizeForAnd(condition))
                : condition;
            var body = first.Statement as BlockSyntax ?? Block(first.Statement);
            var twinClause = CatchClause(
                    Token(SyntaxKind.CatchKeyword),
                    declaration.WithoutTrivia(),
                    CatchFilterClause(newFilter),
                    body.WithoutTrivia())
                .WithLeadingTrivia(Indentation(clause.GetLeadingTrivia()))
                .WithTrailingTrivia(LineBreakAfter(clause))
                .WithAdditionalAnnotations(Formatter.Annotation);
            return root.ReplaceNode(tryStatement, tryStatement.WithCatches(tryStatement.Catches.Insert(index, twinClause)));
        }

        return null;
    }

    /// <summary>The check for the twin alone: <c>x == B</c>, <c>x is B</c>, <c>{ SocketErrorCode: B }</c>; null where that is not a plain form.</summary>
    private static SyntaxNode? TwinOnlyCheck(Site site)
    {
        if (TwinConstant(site.Constant, site) is not { } twin)
        {
            return null;
        }

        switch (site.Check)
        {
            case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.IsExpression):
                return binary.ReplaceNode(site.Constant, twin);
            case InvocationExpressionSyntax invocation when site.Form == nameof(SocketErrorCheckForm.EqualsCall):
                return invocation.ReplaceNode(site.Constant, twin);
            case IsPatternExpressionSyntax isPattern when IsOrChainOfConstants(isPattern.Pattern):
                return isPattern.WithPattern(ConstantPattern(twin).WithTriviaFrom(isPattern.Pattern));
            case SubpatternSyntax subpattern when IsOrChainOfConstants(subpattern.Pattern):
                return subpattern.WithPattern(ConstantPattern(twin).WithTriviaFrom(subpattern.Pattern));
            default:
                return null;
        }
    }

    private static bool IsOrChainOfConstants(PatternSyntax pattern) => PatternChains.OrChainConstants(pattern) is not null;

    /// <summary>
    /// Whether the check reaches <paramref name="condition"/> only through parentheses, <c>&amp;&amp;</c>, <c>||</c> and
    /// the and/or structure of patterns (so the condition holds for the twin exactly as it held for the one code).
    /// </summary>
    private static bool IsMonotoneWithin(SyntaxNode check, ExpressionSyntax condition)
    {
        for (var node = check; node != condition; node = node.Parent!)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax or PropertyPatternClauseSyntax or RecursivePatternSyntax or ParenthesizedPatternSyntax:
                case SubpatternSyntax subpattern when subpattern.Pattern == node:
                case IsPatternExpressionSyntax isPattern when isPattern.Pattern == node:
                case BinaryExpressionSyntax logical when logical.IsKind(SyntaxKind.LogicalAndExpression) || logical.IsKind(SyntaxKind.LogicalOrExpression):
                case BinaryPatternSyntax:
                    continue;
                default:
                    return false;
            }
        }

        return true;
    }

    /// <summary>A branch whose end cannot be reached: it ends with return, throw, break, continue or goto.</summary>
    private static bool LeavesCatch(StatementSyntax statement)
    {
        while (statement is BlockSyntax block)
        {
            if (block.Statements.Count == 0)
            {
                return false;
            }

            statement = block.Statements.Last();
        }

        return statement is ReturnStatementSyntax or ThrowStatementSyntax or BreakStatementSyntax or ContinueStatementSyntax or GotoStatementSyntax;
    }

    // ----- syntax helpers ----------------------------------------------------------------------------------------------

    /// <summary>The twin written the way the one code is: <c>SocketError.Shutdown</c>, <c>System.Net.Sockets.SocketError.Shutdown</c>, or <c>Shutdown</c> under <c>using static</c>.</summary>
    /// <summary>
    /// The constant for the twin, written as the one found: a member (<c>SocketError.Shutdown</c>), a cast member
    /// (<c>(int)SocketError.Shutdown</c>), or the twin's number where a code is compared as a number (<c>10058</c>).
    /// </summary>
    private static ExpressionSyntax? TwinConstant(ExpressionSyntax constant, Site site) => constant switch
    {
        CastExpressionSyntax cast => TwinMember(cast.Expression, site.Twin) is { } inner ? cast.WithExpression(inner) : null,
        LiteralExpressionSyntax { Token.Value: int } literal when int.TryParse(site.TwinValue, NumberStyles.None, CultureInfo.InvariantCulture, out var value) =>
            LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(value)).WithTriviaFrom(literal),
        _ => TwinMember(constant, site.Twin),
    };

    private static ExpressionSyntax? TwinMember(ExpressionSyntax constant, string twin) => constant switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(IdentifierName(twin).WithTriviaFrom(memberAccess.Name)),
        QualifiedNameSyntax qualified => qualified.WithRight(IdentifierName(twin).WithTriviaFrom(qualified.Right)),
        IdentifierNameSyntax identifier => IdentifierName(twin).WithTriviaFrom(identifier),
        _ => null,
    };
}
