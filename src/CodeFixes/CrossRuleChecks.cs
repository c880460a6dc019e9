using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.Rules;

namespace SocketAnalyzers.CodeFixes;

/// <summary>
/// A fix must not write code another rule flags. These run another rule's analyzer on a fix's result (only on the
/// fixed document) so a fix can name what that rule asks for, or not be offered.
/// </summary>
internal static class CrossRuleChecks
{
    public static DiagnosticAnalyzer ConflatedPeerGoneCodes { get; } = new ConflatedPeerGoneCodesAnalyzer();

    public static DiagnosticAnalyzer CloseWithoutShutdown { get; } = new CloseWithoutShutdownAnalyzer();

    public static DiagnosticAnalyzer WriteAfterShutdown { get; } = new WriteAfterShutdownAnalyzer();

    /// <summary>What <paramref name="analyzer"/> reports in the document (the project's options and severities apply).</summary>
    public static async Task<ImmutableArray<Diagnostic>> ReportedAsync(Document document, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken)
    {
        var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        var compilation = await document.Project.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || compilation is null)
        {
            return ImmutableArray<Diagnostic>.Empty;
        }

        var ids = analyzer.SupportedDiagnostics.Select(descriptor => descriptor.Id).ToImmutableHashSet();
        var withAnalyzer = new CompilationWithAnalyzers(
            compilation,
            ImmutableArray.Create(analyzer),
            new CompilationWithAnalyzersOptions(document.Project.AnalyzerOptions, onAnalyzerException: null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
        var reported = await withAnalyzer.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, cancellationToken).ConfigureAwait(false);
        return reported.Where(diagnostic => ids.Contains(diagnostic.Id) && diagnostic.Location.SourceTree == tree).ToImmutableArray();
    }

    /// <summary>Whether <paramref name="analyzer"/> reports more in <paramref name="after"/> than in <paramref name="before"/>.</summary>
    public static async Task<bool> AddsDiagnosticsAsync(Document before, Document after, DiagnosticAnalyzer analyzer, CancellationToken cancellationToken) =>
        (await ReportedAsync(after, analyzer, cancellationToken).ConfigureAwait(false)).Length >
        (await ReportedAsync(before, analyzer, cancellationToken).ConfigureAwait(false)).Length;

    /// <summary>
    /// <paramref name="after"/>, with SOCK002's "Also handle ..." fix applied where SOCK002 reports what the fix
    /// changed and did not report before (a catch that now fires checks one peer-gone code alone).
    /// </summary>
    public static async Task<Document> NameBothTwinsAsync(Document before, Document after, CancellationToken cancellationToken)
    {
        var reported = await ReportedAsync(after, ConflatedPeerGoneCodes, cancellationToken).ConfigureAwait(false);
        if (reported.IsEmpty ||
            reported.Length <= (await ReportedAsync(before, ConflatedPeerGoneCodes, cancellationToken).ConfigureAwait(false)).Length)
        {
            return after;
        }

        var changed = new List<TextSpan>();
        var shift = 0;
        foreach (var change in (await after.GetTextChangesAsync(before, cancellationToken).ConfigureAwait(false)).OrderBy(change => change.Span.Start))
        {
            changed.Add(new TextSpan(change.Span.Start + shift, change.NewText?.Length ?? 0));
            shift += (change.NewText?.Length ?? 0) - change.Span.Length;
        }

        var inChanged = reported.Where(diagnostic => changed.Any(span => span.IntersectsWith(diagnostic.Location.SourceSpan))).ToImmutableArray();
        return await AlsoHandleTwinAsync(after, inChanged, cancellationToken).ConfigureAwait(false) ?? after;
    }

    /// <summary>SOCK002's "Also handle ..." fix for <paramref name="reported"/>, all at once (its FixAll), or null.</summary>
    public static async Task<Document?> AlsoHandleTwinAsync(Document document, ImmutableArray<Diagnostic> reported, CancellationToken cancellationToken)
    {
        if (reported.IsEmpty)
        {
            return null;
        }

        var provider = new ConflatedPeerGoneCodesCodeFix();
        var context = new FixAllContext(
            document,
            provider,
            FixAllScope.Document,
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            new[] { RuleIds.ConflatedPeerGoneCodes },
            new FixedDiagnostics(reported),
            cancellationToken);
        var action = provider.GetFixAllProvider() is { } fixAll ? await fixAll.GetFixAsync(context).ConfigureAwait(false) : null;
        if (action is null)
        {
            return null;
        }

        var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        return operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution.GetDocument(document.Id);
    }

    /// <summary>Hands a FixAll exactly the diagnostics it is to fix.</summary>
    private sealed class FixedDiagnostics : FixAllContext.DiagnosticProvider
    {
        private readonly ImmutableArray<Diagnostic> _diagnostics;

        public FixedDiagnostics(ImmutableArray<Diagnostic> diagnostics) => _diagnostics = diagnostics;

        public override Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);

        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());

        public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
    }
}
