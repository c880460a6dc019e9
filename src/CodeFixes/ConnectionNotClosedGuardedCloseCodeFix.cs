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
using SocketAnalyzers.Rules;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// SOCK005's guarded close (<c>if (client.Connected) client.Close();</c>): the close moves out of the test.
/// <list type="bullet">
/// <item>The test guards only the close: the test goes, <c>client.Close();</c> stays; a test <c>a &amp;&amp; client.Connected</c>
/// keeps <c>if (a)</c>.</item>
/// <item>The close is the last statement of the test's block (<c>{ client.Shutdown(Both); client.Close(); }</c>): the
/// shutdown stays guarded, the close moves right after the if.</item>
/// </list>
/// No fix when the if has an else, when the close is not a statement of its own, or when the test is another shape.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectionNotClosedGuardedCloseCodeFix)), Shared]
public sealed class ConnectionNotClosedGuardedCloseCodeFix : CodeFixProvider
{
    public const string EquivalenceKey = "SOCK005.UnguardedClose";

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(RuleIds.ConnectionNotClosed);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixAllInDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (IsGuardedClose(diagnostic) && Rewrite(root, diagnostic) is not null)
            {
                var title = Resources.ResourceManager.GetString("SOCK005_FixTitleUnguardedClose") ?? "Close it without testing Connected";
                context.RegisterCodeFix(
                    CodeAction.Create(title, cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken), EquivalenceKey),
                    diagnostic);
            }
        }
    }

    private static bool IsGuardedClose(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(ConnectionNotClosedAnalyzer.ShapeProperty, out var shape) && shape == ConnectionNotClosedAnalyzer.GuardedCloseShape;

    private static Task<Document?> FixAllInDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics) =>
        FixAsync(document, diagnostics.Where(IsGuardedClose).ToImmutableArray(), context.CancellationToken)!;

    private static async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Later diagnostics first: each rewrite leaves the text before it where it was.
        foreach (var diagnostic in diagnostics.OrderByDescending(d => d.Location.SourceSpan.Start))
        {
            root = Rewrite(root, diagnostic) ?? root;
        }

        return document.WithSyntaxRoot(root);
    }

    /// <summary>The root with the close taken out of its test, or null when this shape has no fix.</summary>
    private static SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic)
    {
        if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } close ||
            CloseStatementOf(close) is not { } statement ||
            statement.FirstAncestorOrSelf<IfStatementSyntax>() is not { Else: null } test ||
            !TryRemoveConnected(test.Condition, out var rest))
        {
            return null;
        }

        var closeAlone = statement.WithoutLeadingTrivia().WithLeadingTrivia(test.GetLeadingTrivia()).WithAdditionalAnnotations(Formatter.Annotation);
        if (test.Statement == statement || test.Statement is BlockSyntax { Statements.Count: 1 } only && only.Statements[0] == statement)
        {
            // The test guards only the close.
            return rest is null
                ? root.ReplaceNode(test, closeAlone.WithTrailingTrivia(test.GetTrailingTrivia()))
                : root.ReplaceNode(test.Condition, rest.WithTriviaFrom(test.Condition));
        }

        if (test.Statement is BlockSyntax block && block.Statements.Last() == statement && rest is null)
        {
            // The shutdown before it stays guarded; the close follows the if.
            var parent = test.Parent;
            var guarded = test.WithStatement(block.WithStatements(block.Statements.Remove(statement)));
            // A blank line after the if's block, as most style rules want after a closing brace.
            var endOfLine = root.DescendantTrivia().FirstOrDefault(trivia => trivia.IsKind(SyntaxKind.EndOfLineTrivia));
            var moved = statement.WithLeadingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : ElasticCarriageReturnLineFeed)
                .WithAdditionalAnnotations(Formatter.Annotation);
            switch (parent)
            {
                case BlockSyntax outer:
                    var index = outer.Statements.IndexOf(test);
                    return root.ReplaceNode(outer, outer.WithStatements(outer.Statements.RemoveAt(index).InsertRange(index, new StatementSyntax[] { guarded, moved })));
                case SwitchSectionSyntax section:
                    var at = section.Statements.IndexOf(test);
                    return root.ReplaceNode(section, section.WithStatements(section.Statements.RemoveAt(at).InsertRange(at, new StatementSyntax[] { guarded, moved })));
            }
        }

        return null;
    }

    /// <summary>The statement that is only the close: <c>client.Close();</c> or <c>await client.DisposeAsync();</c>.</summary>
    private static ExpressionStatementSyntax? CloseStatementOf(InvocationExpressionSyntax close) => close.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        AwaitExpressionSyntax { Parent: ExpressionStatementSyntax statement } => statement,
        _ => null,
    };

    /// <summary>
    /// The condition without its Connected test: <paramref name="rest"/> is null when the test was all of it, the other
    /// operand of <c>a &amp;&amp; x.Connected</c> otherwise. False when it is not a test the fix can take apart.
    /// </summary>
    private static bool TryRemoveConnected(ExpressionSyntax condition, out ExpressionSyntax? rest)
    {
        rest = null;
        condition = Unparenthesized(condition);
        if (IsConnected(condition))
        {
            return true;
        }

        if (condition is BinaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalAndExpression } both)
        {
            if (IsConnected(Unparenthesized(both.Right)))
            {
                rest = both.Left.WithoutTrailingTrivia();
                return true;
            }

            if (IsConnected(Unparenthesized(both.Left)))
            {
                rest = both.Right.WithoutLeadingTrivia();
                return true;
            }
        }

        return false;
    }

    private static bool IsConnected(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Connected" };

    private static ExpressionSyntax Unparenthesized(ExpressionSyntax expression)
    {
        while (expression is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized.Expression;
        }

        return expression;
    }
}
