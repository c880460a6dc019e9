using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// The shape of the single-action fixes: one code action for each diagnostic the fix can handle, and FixAll that
/// runs the same document-wide function over all of a document's diagnostics, so fixing one by one and fixing all
/// agree (edits that interact, such as two writes in one catch, are planned together). The title comes from the
/// analyzer's resources (<c>ID_FixTitle</c>), so it is translated with the messages.
/// </summary>
public abstract class DocumentCodeFixProvider : CodeFixProvider
{
    /// <summary>The resource key of the action's title.</summary>
    protected abstract string TitleResourceKey { get; }

    /// <summary>The action's equivalence key (stable: FixAll and tests choose the action by it).</summary>
    protected abstract string ActionEquivalenceKey { get; }

    /// <summary>Whether the fix can produce correct code for this diagnostic; no action is offered otherwise.</summary>
    protected abstract bool CanFix(SyntaxNode root, SemanticModel semanticModel, Diagnostic diagnostic, CancellationToken cancellationToken);

    /// <summary>
    /// Rules whose diagnostics the fix must not add: the fix is computed when offered and run through them on the
    /// fixed document; where one reports more than before, no action is offered.
    /// </summary>
    protected virtual ImmutableArray<DiagnosticAnalyzer> RulesNotToTrigger => ImmutableArray<DiagnosticAnalyzer>.Empty;

    /// <summary>Fixes every one of <paramref name="diagnostics"/> in <paramref name="document"/> together.</summary>
    protected abstract Task<Document> FixAllInDocumentAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken);

    public sealed override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            (Document?)await FixAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var semanticModel = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || semanticModel is null)
        {
            return;
        }

        var title = Resources.ResourceManager.GetString(TitleResourceKey) ?? TitleResourceKey;
        foreach (var diagnostic in context.Diagnostics)
        {
            if (!CanFix(root, semanticModel, diagnostic, context.CancellationToken) ||
                await TriggersOtherRulesAsync(context.Document, diagnostic, context.CancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    cancellationToken => FixAsync(context.Document, ImmutableArray.Create(diagnostic), cancellationToken),
                    ActionEquivalenceKey),
                diagnostic);
        }
    }

    private async Task<Document> FixAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken) =>
        await FileIndentation.FollowAsync(
            document, await FixAllInDocumentAsync(document, diagnostics, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task<bool> TriggersOtherRulesAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        if (RulesNotToTrigger.IsEmpty)
        {
            return false;
        }

        var fixedDocument = await FixAllInDocumentAsync(document, ImmutableArray.Create(diagnostic), cancellationToken).ConfigureAwait(false);
        foreach (var analyzer in RulesNotToTrigger)
        {
            if (await CrossRuleChecks.AddsDiagnosticsAsync(document, fixedDocument, analyzer, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
