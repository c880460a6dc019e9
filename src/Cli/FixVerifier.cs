using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Cli;

/// <summary>
/// What applying one code action to one finding did (<c>--verify-fixes</c>): compiler errors it added, whether the
/// finding is still reported where it was, SOCK diagnostics it added, and the time it took.
/// </summary>
/// <param name="Failure">Why the action could not be applied or checked at all (it threw, it changed nothing), or null.</param>
internal sealed record FixCheck(
    string RuleId,
    string File,
    int Line,
    string Action,
    string? EquivalenceKey,
    int NewErrors,
    IReadOnlyList<string> FirstNewErrors,
    bool DiagnosticRemains,
    IReadOnlyList<string> NewSockDiagnostics,
    TimeSpan Time,
    string? Failure)
{
    public bool Breaks => NewErrors > 0 || DiagnosticRemains || NewSockDiagnostics.Count > 0 || Failure is not null;
}

/// <summary>
/// Applies every code action the package's fixes offer for each finding to an in-memory copy of the project (the
/// Workspaces solution the scan loaded), compiles the changed documents again and runs every rule on them. Only the
/// changed documents are compared: the fixes edit method bodies and usings, so what they can break is there; the
/// comparison is by diagnostic ID and message, since the fix moves what follows it.
/// </summary>
internal sealed class FixVerifier
{
    private const int FirstErrorsShown = 3;

    private readonly ImmutableArray<DiagnosticAnalyzer> analyzers;
    private readonly ImmutableArray<CodeFixProvider> fixes;
    private readonly Func<string, string> relativePath;

    public FixVerifier(ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<CodeFixProvider> fixes, Func<string, string> relativePath)
    {
        this.analyzers = analyzers;
        this.fixes = fixes;
        this.relativePath = relativePath;
    }

    /// <summary>The code fix providers of the package (the assembly the package ships next to the analyzers).</summary>
    public static ImmutableArray<CodeFixProvider> ShippedFixes() => typeof(SocketAnalyzers.CodeFixes.DocumentCodeFixProvider).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(type) && type.GetCustomAttribute<ExportCodeFixProviderAttribute>() is not null)
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (CodeFixProvider)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    /// <param name="withEveryRule">Turns every SOCK rule on in a compilation (new diagnostics of any rule count).</param>
    public async Task<List<FixCheck>> VerifyAsync(
        Project project,
        IEnumerable<Diagnostic> findings,
        Func<Compilation, Compilation> withEveryRule,
        CancellationToken cancellationToken)
    {
        var checks = new List<FixCheck>();
        Compilation? original = null;
        var before = new Dictionary<DocumentId, DocumentDiagnostics>();
        foreach (Diagnostic finding in findings)
        {
            if (!finding.Location.IsInSource || project.GetDocument(finding.Location.SourceTree) is not { } document)
            {
                continue;
            }

            foreach (CodeAction action in await ActionsAsync(document, finding, cancellationToken).ConfigureAwait(false))
            {
                original ??= withEveryRule((await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!);
                checks.Add(await CheckAsync(project, document, finding, action, original, before, withEveryRule, cancellationToken).ConfigureAwait(false));
            }
        }

        return checks;
    }

    private async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic finding, CancellationToken cancellationToken)
    {
        var actions = new List<CodeAction>();
        foreach (CodeFixProvider fix in fixes.Where(fix => fix.FixableDiagnosticIds.Contains(finding.Id)))
        {
            var offered = new List<CodeAction>();
            try
            {
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document, finding, (action, _) => offered.Add(action), cancellationToken)).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A fix that throws while offering is a broken fix too: reported as an action that failed.
                Func<CancellationToken, Task<Document>> rethrow = _ => Task.FromException<Document>(exception);
                offered.Add(CodeAction.Create($"{fix.GetType().Name} threw {exception.GetType().Name}: {exception.Message}", rethrow));
            }

            actions.AddRange(offered.SelectMany(action => action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.ToArray()));
        }

        return actions;
    }

    private async Task<FixCheck> CheckAsync(
        Project project,
        Document document,
        Diagnostic finding,
        CodeAction action,
        Compilation original,
        Dictionary<DocumentId, DocumentDiagnostics> before,
        Func<Compilation, Compilation> withEveryRule,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        FileLinePositionSpan place = finding.Location.GetLineSpan();
        FixCheck Result(int newErrors, IReadOnlyList<string> firstErrors, bool remains, IReadOnlyList<string> newSock, string? failure) => new(
            finding.Id,
            relativePath(place.Path),
            place.StartLinePosition.Line + 1,
            action.Title,
            action.EquivalenceKey,
            newErrors,
            firstErrors,
            remains,
            newSock,
            clock.Elapsed,
            failure);

        try
        {
            var operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            Solution? changed = operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution;
            Project? fixedProject = changed?.GetProject(project.Id);
            var changedDocuments = changed is null
                ? new List<DocumentId>()
                : changed.GetChanges(project.Solution).GetProjectChanges().SelectMany(change => change.GetChangedDocuments()).ToList();
            if (fixedProject is null || changedDocuments.Count == 0)
            {
                return Result(0, Array.Empty<string>(), remains: true, Array.Empty<string>(), "the action changes no document");
            }

            Compilation fixedCompilation = withEveryRule((await fixedProject.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!);
            var newErrors = new List<string>();
            var newSock = new List<string>();
            bool remains = false;
            foreach (DocumentId id in changedDocuments)
            {
                Document? originalDocument = project.GetDocument(id);
                Document? fixedDocument = fixedProject.GetDocument(id);
                if (originalDocument is null || fixedDocument is null)
                {
                    continue;
                }

                if (!before.TryGetValue(id, out DocumentDiagnostics? was))
                {
                    was = await DiagnoseAsync(original, originalDocument, cancellationToken).ConfigureAwait(false);
                    before[id] = was;
                }

                DocumentDiagnostics now = await DiagnoseAsync(fixedCompilation, fixedDocument, cancellationToken).ConfigureAwait(false);
                newErrors.AddRange(Added(was.Errors, now.Errors));
                newSock.AddRange(Added(was.Sock, now.Sock));
                if (id == document.Id)
                {
                    TextSpan spot = await MapAsync(finding.Location.SourceSpan, originalDocument, fixedDocument, cancellationToken).ConfigureAwait(false);
                    remains = now.Sock.Any(diagnostic => diagnostic.Id == finding.Id &&
                        (diagnostic.Location.SourceSpan.IntersectsWith(spot) || diagnostic.Location.SourceSpan == spot));
                }
            }

            return Result(newErrors.Count, newErrors.Take(FirstErrorsShown).ToList(), remains, newSock, failure: null);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return Result(0, Array.Empty<string>(), remains: false, Array.Empty<string>(), $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>The compiler errors and SOCK diagnostics (every rule on) of one document.</summary>
    private async Task<DocumentDiagnostics> DiagnoseAsync(Compilation compilation, Document document, CancellationToken cancellationToken)
    {
        SyntaxTree? tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
        if (tree is null || !compilation.ContainsSyntaxTree(tree))
        {
            return new DocumentDiagnostics(new List<Diagnostic>(), new List<Diagnostic>());
        }

        SemanticModel model = compilation.GetSemanticModel(tree);
        var errors = model.GetDiagnostics(cancellationToken: cancellationToken).Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error).ToList();
        var withAnalyzers = compilation.WithAnalyzers(analyzers, document.Project.AnalyzerOptions);
        var sock = (await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false))
            .Where(diagnostic => (ShippedAnalyzers.IsRuleId(diagnostic.Id) || diagnostic.Id == "AD0001") && !diagnostic.IsSuppressed)
            .ToList();
        return new DocumentDiagnostics(errors, sock);
    }

    /// <summary>Where a span of the original document is in the fixed one (a span the fix rewrote becomes what it wrote).</summary>
    private static async Task<TextSpan> MapAsync(TextSpan span, Document original, Document fixedDocument, CancellationToken cancellationToken)
    {
        int start = span.Start, end = span.End, shiftStart = 0, shiftEnd = 0;
        foreach (TextChange change in (await fixedDocument.GetTextChangesAsync(original, cancellationToken).ConfigureAwait(false)).OrderBy(change => change.Span.Start))
        {
            int delta = (change.NewText?.Length ?? 0) - change.Span.Length;
            if (change.Span.End <= span.Start)
            {
                shiftStart += delta;
                shiftEnd += delta;
            }
            else if (change.Span.Start < span.End || (span.IsEmpty && change.Span.Start == span.Start))
            {
                // Overlaps the span: the span covers what replaced it.
                start = Math.Min(start, change.Span.Start);
                end = Math.Max(end, change.Span.End);
                shiftEnd += delta;
            }
        }

        return TextSpan.FromBounds(start + shiftStart, Math.Max(start + shiftStart, end + shiftEnd));
    }

    /// <summary>What <paramref name="after"/> has beyond <paramref name="before"/>, compared by ID and message.</summary>
    private static List<string> Added(List<Diagnostic> before, List<Diagnostic> after)
    {
        static string Key(Diagnostic diagnostic) => diagnostic.Id + ": " + diagnostic.GetMessage(CultureInfo.InvariantCulture);
        var left = before.GroupBy(Key, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
        var added = new List<string>();
        foreach (Diagnostic diagnostic in after)
        {
            string key = Key(diagnostic);
            if (left.TryGetValue(key, out int count) && count > 0)
            {
                left[key] = count - 1;
            }
            else
            {
                added.Add($"{key} (line {diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1})");
            }
        }

        return added;
    }

    private sealed record DocumentDiagnostics(List<Diagnostic> Errors, List<Diagnostic> Sock);
}
