using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
using FixData = SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer.FixData;

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
        var twin = TwinConstant(site.Constant, site.Twin);
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
        if (TwinConstant(site.Constant, site.Twin) is not { } twin)
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
    private static ExpressionSyntax? TwinConstant(ExpressionSyntax constant, string twin) => constant switch
    {
        MemberAccessExpressionSyntax memberAccess => memberAccess.WithName(IdentifierName(twin).WithTriviaFrom(memberAccess.Name)),
        QualifiedNameSyntax qualified => qualified.WithRight(IdentifierName(twin).WithTriviaFrom(qualified.Right)),
        IdentifierNameSyntax identifier => IdentifierName(twin).WithTriviaFrom(identifier),
        _ => null,
    };

    /// <summary>Whether evaluating <paramref name="node"/> again could do something (a call, an assignment, an await ...); <paramref name="except"/> is not looked at.</summary>
    private static bool HasSideEffects(SyntaxNode? node, SyntaxNode? except)
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
    private static bool NeedsParentheses(ExpressionSyntax check, SyntaxKind kind)
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

    private static ExpressionSyntax ParenthesizeForAnd(ExpressionSyntax expression) =>
        expression is BinaryExpressionSyntax binary && !binary.IsKind(SyntaxKind.LogicalAndExpression) && binary.IsKind(SyntaxKind.LogicalOrExpression) ||
        expression is ConditionalExpressionSyntax or AssignmentExpressionSyntax or SimpleLambdaExpressionSyntax or ParenthesizedLambdaExpressionSyntax
            ? ParenthesizedExpression(expression)
            : expression;

    /// <summary>The whitespace that starts the line of a node (its comments and blank lines are not copied).</summary>
    private static SyntaxTriviaList Indentation(SyntaxTriviaList leading)
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
    private static SyntaxTrivia LineBreakAfter(SyntaxNode node)
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
    private static SyntaxTriviaList EndOfLine(SyntaxNode node)
    {
        var trailing = node.GetTrailingTrivia();
        return trailing.Any(SyntaxKind.EndOfLineTrivia) ? trailing : trailing.Add(ElasticCarriageReturnLineFeed);
    }

    /// <summary>What a diagnostic points at, and what the analyzer passed about it.</summary>
    private sealed class Site
    {
        private Site(SyntaxNode check, ExpressionSyntax constant, ImmutableDictionary<string, string?> properties, LanguageVersion languageVersion)
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

        public string Group => Properties.TryGetValue(FixData.Group, out var group) && group is not null ? group : "";

        public bool Negated => Properties.TryGetValue(FixData.Negated, out var negated) && negated == "true";

        public static Site? Find(SyntaxNode root, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0 || !diagnostic.Location.IsInSource ||
                diagnostic.Location.SourceTree != root.SyntaxTree ||
                !diagnostic.Properties.TryGetValue(FixData.Twin, out var twin) || twin is null ||
                !diagnostic.Properties.TryGetValue(FixData.Form, out var form) || form is null)
            {
                return null;
            }

            var check = NodeAt(root, diagnostic.Location.SourceSpan, node => IsCheckSyntax(node, form));
            var constant = NodeAt(root, diagnostic.AdditionalLocations[0].SourceSpan, node => node is MemberAccessExpressionSyntax or QualifiedNameSyntax or IdentifierNameSyntax) as ExpressionSyntax;
            if (check is null || constant is null || !check.Span.Contains(constant.Span))
            {
                return null;
            }

            var languageVersion = root.SyntaxTree.Options is CSharpParseOptions options ? options.LanguageVersion : LanguageVersion.CSharp7_3;
            return new Site(check, constant, diagnostic.Properties, languageVersion);
        }

        public Site With(SyntaxNode check, ExpressionSyntax constant) => new(check, constant, Properties, LanguageVersion);

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
}
