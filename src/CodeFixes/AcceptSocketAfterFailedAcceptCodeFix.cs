using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK010 fix: a call statement on the accepted socket becomes a conditional call (<c>e.AcceptSocket.Close();</c> →
/// <c>e.AcceptSocket?.Close();</c>); any other statement that uses it is wrapped in
/// <c>if (e.AcceptSocket != null) { ... }</c>, one test for all the reported uses of the statement. A declaration
/// statement is not wrapped (its variables would go out of scope): no fix is offered there.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AcceptSocketAfterFailedAcceptCodeFix)), Shared]
public sealed class AcceptSocketAfterFailedAcceptCodeFix : DocumentCodeFixProvider
{
    public const string EquivalenceKey = "SOCK010.TestAcceptSocketForNull";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.AcceptSocketAfterFailedAccept);

    protected override string TitleResourceKey => "SOCK010_FixTitle";

    protected override string ActionEquivalenceKey => EquivalenceKey;

    protected override bool CanFix(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken) =>
        UseOf(root, diagnostic) is { } use && StatementOf(use) is { } statement &&
        (ConditionalCall(statement, use) is not null || CanWrap(statement));

    protected override async Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var byStatement = new Dictionary<StatementSyntax, List<ExpressionSyntax>>();
        foreach (var diagnostic in diagnostics)
        {
            if (UseOf(root, diagnostic) is { } use && StatementOf(use) is { } statement)
            {
                if (!byStatement.TryGetValue(statement, out var uses))
                {
                    byStatement[statement] = uses = new List<ExpressionSyntax>();
                }

                uses.Add(use);
            }
        }

        // Outer statements first would hide inner ones; a statement inside another fixed one is left to a later pass.
        var statements = byStatement.Keys.Where(s => !byStatement.Keys.Any(o => o != s && o.Span.Contains(s.Span))).ToList();
        var replacements = new Dictionary<StatementSyntax, StatementSyntax>();
        foreach (var statement in statements)
        {
            var uses = byStatement[statement];
            if (uses.Count == 1 && ConditionalCall(statement, uses[0]) is { } conditional)
            {
                replacements[statement] = conditional;
            }
            else if (CanWrap(statement))
            {
                replacements[statement] = Wrap(statement, uses);
            }
        }

        return replacements.Count == 0
            ? document
            : document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
    }

    private static ExpressionSyntax? UseOf(SyntaxNode root, Diagnostic diagnostic) =>
        root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax use &&
        use.Span == diagnostic.Location.SourceSpan
            ? use
            : null;

    private static StatementSyntax? StatementOf(ExpressionSyntax use) => use.FirstAncestorOrSelf<StatementSyntax>();

    /// <summary><c>x.M(...);</c> (or <c>x!.M(...);</c>) with <paramref name="use"/> as x: <c>x?.M(...);</c>.</summary>
    private static StatementSyntax? ConditionalCall(StatementSyntax statement, ExpressionSyntax use)
    {
        // `e.AcceptSocket!.Close();`: the null-forgiving operator goes with the call.
        var receiver = use.Parent is PostfixUnaryExpressionSyntax suppressed && suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression)
            ? suppressed
            : (ExpressionSyntax)use;
        if (statement is not ExpressionStatementSyntax { Expression: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation } expressionStatement ||
            access.Expression != receiver || !access.IsKind(SyntaxKind.SimpleMemberAccessExpression))
        {
            return null;
        }

        var call = ConditionalAccessExpression(
            use,
            InvocationExpression(MemberBindingExpression(access.OperatorToken, access.Name), invocation.ArgumentList));
        return expressionStatement.WithExpression(call.WithTriviaFrom(invocation));
    }

    private static bool CanWrap(StatementSyntax statement) =>
        statement is not (LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax or LabeledStatementSyntax) &&
        statement.Parent is BlockSyntax or SwitchSectionSyntax;

    /// <summary><c>if (x != null) { statement }</c>, one null test for each distinct use.</summary>
    private static StatementSyntax Wrap(StatementSyntax statement, List<ExpressionSyntax> uses)
    {
        ExpressionSyntax? condition = null;
        foreach (var text in uses.Select(u => u.WithoutTrivia().ToString()).Distinct())
        {
            var test = BinaryExpression(SyntaxKind.NotEqualsExpression, ParseExpression(text), LiteralExpression(SyntaxKind.NullLiteralExpression));
            condition = condition is null ? test : BinaryExpression(SyntaxKind.LogicalAndExpression, condition, test);
        }

        return IfStatement(condition!, Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
            .WithLeadingTrivia(statement.GetLeadingTrivia())
            .WithTrailingTrivia(statement.GetTrailingTrivia())
            .WithAdditionalAnnotations(Formatter.Annotation);
    }
}
