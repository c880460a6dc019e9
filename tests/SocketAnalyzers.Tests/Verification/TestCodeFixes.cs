using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SocketAnalyzers.Tests.Verification;

// Small code fixes for ConsoleWriteLineAnalyzer that exist only to exercise the verifier.

/// <summary>
/// Offers "Console.Write" (key ToWrite) and "Console.Error.WriteLine" (key ToError).
/// Offers nothing for <c>Console.WriteLine("keep")</c>, so tests can have a diagnostic that legitimately remains.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WriteLineFix)), Shared]
public sealed class WriteLineFix : CodeFixProvider
{
    public const string ToWrite = nameof(ToWrite);
    public const string ToError = nameof(ToError);

    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ConsoleWriteLineAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        if (root.FindNode(context.Span, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } invocation ||
            invocation.ArgumentList.Arguments.FirstOrDefault()?.Expression is LiteralExpressionSyntax { Token.ValueText: "keep" })
        {
            return;
        }

        context.RegisterCodeFix(
            CodeAction.Create("Use Console.Write", _ => Replace(context.Document, root, access, access.WithName(SyntaxFactory.IdentifierName("Write"))), ToWrite),
            context.Diagnostics);
        context.RegisterCodeFix(
            CodeAction.Create("Use Console.Error.WriteLine", _ => Replace(context.Document, root, access, SyntaxFactory.ParseExpression("Console.Error.WriteLine").WithTriviaFrom(access)), ToError),
            context.Diagnostics);
    }

    internal static Task<Document> Replace(Document document, SyntaxNode root, SyntaxNode oldNode, SyntaxNode newNode) =>
        Task.FromResult(document.WithSyntaxRoot(root.ReplaceNode(oldNode, newNode)));
}

/// <summary>Renames WriteLine to WriteLin: the fixed code does not compile (CS0117).</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NonCompilingFix)), Shared]
public sealed class NonCompilingFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ConsoleWriteLineAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        if (root.FindNode(context.Span, getInnermostNodeForTie: true) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            context.RegisterCodeFix(
                CodeAction.Create("Rename", _ => WriteLineFix.Replace(context.Document, root, access, access.WithName(SyntaxFactory.IdentifierName("WriteLin"))), "Rename"),
                context.Diagnostics);
        }
    }
}

/// <summary>One at a time it renames to Write; its FixAll also adds a comment, so the two results differ.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DivergentFixAllFix)), Shared]
public sealed class DivergentFixAllFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ConsoleWriteLineAnalyzer.Id);

    public override FixAllProvider GetFixAllProvider() => FixAllProvider.Create(FixDocumentAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        if (root.FindNode(context.Span, getInnermostNodeForTie: true) is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
        {
            context.RegisterCodeFix(
                CodeAction.Create("Use Console.Write", _ => WriteLineFix.Replace(context.Document, root, access, access.WithName(SyntaxFactory.IdentifierName("Write"))), "ToWrite"),
                context.Diagnostics);
        }
    }

    private static async Task<Document?> FixDocumentAsync(FixAllContext context, Document document, ImmutableArray<Diagnostic> diagnostics)
    {
        SyntaxNode root = (await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        var accesses = diagnostics
            .Select(d => root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true))
            .OfType<InvocationExpressionSyntax>()
            .Select(i => i.Expression)
            .OfType<MemberAccessExpressionSyntax>();
        return document.WithSyntaxRoot(root.ReplaceNodes(
            accesses,
            (_, access) => access.WithName(SyntaxFactory.IdentifierName("Write"))
                .WithLeadingTrivia(access.GetLeadingTrivia().Add(SyntaxFactory.Comment("/* all */")))));
    }
}

/// <summary>Adds a comment but leaves the call: the diagnostic never goes away, so the iteration bound must stop it.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(NoProgressFix)), Shared]
public sealed class NoProgressFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(ConsoleWriteLineAnalyzer.Id);

    public override FixAllProvider? GetFixAllProvider() => null;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        SyntaxNode root = (await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false))!;
        SyntaxNode node = root.FindNode(context.Span, getInnermostNodeForTie: true);
        context.RegisterCodeFix(
            CodeAction.Create("Comment", _ => WriteLineFix.Replace(context.Document, root, node, node.WithLeadingTrivia(node.GetLeadingTrivia().Add(SyntaxFactory.Comment("/* again */")))), "Comment"),
            context.Diagnostics);
    }
}
