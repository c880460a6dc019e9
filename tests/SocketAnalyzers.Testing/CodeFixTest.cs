using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Testing;

/// <summary>
/// An <see cref="AnalyzerTest{TAnalyzer}"/> that also applies <typeparamref name="TCodeFix"/>: one diagnostic at a
/// time until none is fixable, then FixAll in Document, Project and Solution scope; each result must equal
/// <see cref="FixedCode"/>, and the fixed code must have exactly the diagnostics its markup and
/// <see cref="FixedExpectedDiagnostics"/> expect (by default: it compiles).
/// </summary>
public class CodeFixTest<TAnalyzer, TCodeFix> : AnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    private static readonly FixAllScope[] FixAllScopes = { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    /// <summary>The expected Test0.cs after the fix; may contain markup for diagnostics that legitimately remain. Null: no fix run.</summary>
    public string? FixedCode { get; set; }

    /// <summary>Diagnostics expected in the fixed code besides its markup.</summary>
    public List<DiagnosticResult> FixedExpectedDiagnostics { get; set; } = new();

    /// <summary>The expected additional sources after the fix; empty means they stay as <see cref="AnalyzerTest{TAnalyzer}.AdditionalSources"/>.</summary>
    public SourceFileList FixedAdditionalSources { get; set; } = new();

    /// <summary>Which action to apply when a diagnostic offers several; null means the first (or <see cref="CodeActionIndex"/>).</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>Index of the action to apply among those offered for a diagnostic (nested actions flattened).</summary>
    public int? CodeActionIndex { get; set; }

    /// <summary>When set, the one-at-a-time fix must take exactly this many iterations.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    /// <summary>
    /// Bound on fix iterations (one-at-a-time and FixAll); reaching it while a fix is still offered fails.
    /// Default: <see cref="NumberOfIncrementalIterations"/>, else the number of expected fixable diagnostics.
    /// </summary>
    public int? MaxIterations { get; set; }

    public override async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await base.RunAsync(cancellationToken).ConfigureAwait(false);
        if (FixedCode is null)
        {
            return;
        }

        using AdhocWorkspace workspace = new();
        TCodeFix fix = new();
        TestState sourceState = CreateState(TestCode, AdditionalSources, ExpectedDiagnostics);
        TestState fixedState = CreateState(FixedCode, FixedAdditionalSources.Count > 0 ? FixedAdditionalSources : AdditionalSources, FixedExpectedDiagnostics);
        Project sourceProject = CreateProject(workspace, sourceState);
        int maxIterations = MaxIterations
            ?? NumberOfIncrementalIterations
            ?? sourceState.ExpectedDiagnostics.Count(d => fix.FixableDiagnosticIds.Contains(d.Id));

        (Project fixedProject, int iterations) = await FixOneAtATimeAsync(sourceProject, fix, maxIterations, cancellationToken).ConfigureAwait(false);
        await VerifyTextAsync(fixedProject, fixedState, "The code fix (one diagnostic at a time)", cancellationToken).ConfigureAwait(false);
        if (NumberOfIncrementalIterations is { } expectedIterations && expectedIterations != iterations)
        {
            throw new VerificationException($"The code fix took {iterations} iterations; the test expects {expectedIterations}.");
        }

        await VerifyDiagnosticsAsync(CreateProject(workspace, fixedState), fixedState, "The fixed code", cancellationToken).ConfigureAwait(false);

        FixAllProvider? fixAllProvider = fix.GetFixAllProvider();
        if (fixAllProvider is null)
        {
            return;
        }

        foreach (FixAllScope scope in FixAllScopes.Where(fixAllProvider.GetSupportedFixAllScopes().Contains))
        {
            Project fixAllProject = await FixAllAsync(sourceProject, fix, fixAllProvider, scope, maxIterations, cancellationToken).ConfigureAwait(false);
            await VerifyTextAsync(fixAllProject, fixedState, $"FixAll in {scope} scope", cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(Project Project, int Iterations)> FixOneAtATimeAsync(
        Project project, TCodeFix fix, int maxIterations, CancellationToken cancellationToken)
    {
        for (int iteration = 0; ; iteration++)
        {
            (Diagnostic Diagnostic, CodeAction Action)? next = await FindFirstFixAsync(project, fix, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return (project, iteration);
            }

            if (iteration >= maxIterations)
            {
                throw IterationBoundReached("The code fix", maxIterations, next.Value.Diagnostic);
            }

            project = await ApplyAsync(project, next.Value.Action, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<Project> FixAllAsync(
        Project project, TCodeFix fix, FixAllProvider provider, FixAllScope scope, int maxIterations, CancellationToken cancellationToken)
    {
        for (int iteration = 0; ; iteration++)
        {
            (Diagnostic Diagnostic, CodeAction Action)? next = await FindFirstFixAsync(project, fix, cancellationToken).ConfigureAwait(false);
            if (next is null)
            {
                return project;
            }

            var (diagnostic, action) = next.Value;
            if (iteration >= maxIterations)
            {
                throw IterationBoundReached($"FixAll in {scope} scope", maxIterations, diagnostic);
            }

            FixAllContext context = new(
                FindDocument(project, diagnostic),
                fix,
                scope,
                action.EquivalenceKey,
                fix.FixableDiagnosticIds,
                new FixableDiagnosticProvider(this, fix),
                cancellationToken);
            CodeAction fixAllAction = await provider.GetFixAsync(context).ConfigureAwait(false)
                ?? throw new VerificationException($"FixAll in {scope} scope offered no action for {diagnostic}.");
            Project afterFixAll = await ApplyAsync(project, fixAllAction, cancellationToken).ConfigureAwait(false);
            if (await HaveSameTextAsync(project, afterFixAll, cancellationToken).ConfigureAwait(false))
            {
                throw new VerificationException($"FixAll in {scope} scope changed nothing although a fix is offered for {diagnostic}.");
            }

            project = afterFixAll;
        }
    }

    /// <summary>The first fixable diagnostic (in source order) for which the chosen action is offered.</summary>
    private async Task<(Diagnostic Diagnostic, CodeAction Action)?> FindFirstFixAsync(
        Project project, TCodeFix fix, CancellationToken cancellationToken)
    {
        foreach (Diagnostic diagnostic in await GetFixableDiagnosticsAsync(project, fix, cancellationToken).ConfigureAwait(false))
        {
            List<CodeAction> actions = new();
            CodeFixContext context = new(
                FindDocument(project, diagnostic),
                diagnostic,
                (action, _) => actions.Add(action),
                cancellationToken);
            await fix.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            CodeAction? chosen = Choose(actions.SelectMany(a => a.NestedActions.IsDefaultOrEmpty ? ImmutableArray.Create(a) : a.NestedActions).ToList());
            if (chosen is not null)
            {
                return (diagnostic, chosen);
            }
        }

        return null;
    }

    private CodeAction? Choose(List<CodeAction> actions)
    {
        if (CodeActionIndex is { } index)
        {
            if (index >= actions.Count)
            {
                return null;
            }

            if (CodeActionEquivalenceKey is not null && actions[index].EquivalenceKey != CodeActionEquivalenceKey)
            {
                throw new VerificationException(
                    $"The code action at index {index} has equivalence key '{actions[index].EquivalenceKey}'; the test expects '{CodeActionEquivalenceKey}'.");
            }

            return actions[index];
        }

        return CodeActionEquivalenceKey is null
            ? actions.FirstOrDefault()
            : actions.FirstOrDefault(a => a.EquivalenceKey == CodeActionEquivalenceKey);
    }

    private async Task<ImmutableArray<Diagnostic>> GetFixableDiagnosticsAsync(Project project, TCodeFix fix, CancellationToken cancellationToken)
    {
        ImmutableArray<ActualDiagnostic> diagnostics = await GetDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
        return diagnostics
            .Select(d => d.Diagnostic)
            .Where(d => d.Location.IsInSource && fix.FixableDiagnosticIds.Contains(d.Id))
            .ToImmutableArray();
    }

    private static Document FindDocument(Project project, Diagnostic diagnostic) =>
        project.GetDocument(diagnostic.Location.SourceTree)
        ?? project.Documents.First(d => d.FilePath == diagnostic.Location.SourceTree!.FilePath);

    private static async Task<Project> ApplyAsync(Project project, CodeAction action, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        ApplyChangesOperation change = operations.OfType<ApplyChangesOperation>().SingleOrDefault()
            ?? throw new VerificationException($"The code action '{action.Title}' does not change the solution.");
        return change.ChangedSolution.GetProject(project.Id)
            ?? throw new VerificationException($"The code action '{action.Title}' removed the test project.");
    }

    private static async Task<bool> HaveSameTextAsync(Project before, Project after, CancellationToken cancellationToken)
    {
        foreach (Document document in after.Documents)
        {
            Document? old = before.GetDocument(document.Id);
            if (old is null || !(await old.GetTextAsync(cancellationToken).ConfigureAwait(false))
                    .ContentEquals(await document.GetTextAsync(cancellationToken).ConfigureAwait(false)))
            {
                return false;
            }
        }

        return before.DocumentIds.Count == after.DocumentIds.Count;
    }

    private static async Task VerifyTextAsync(Project project, TestState expected, string what, CancellationToken cancellationToken)
    {
        string[] unexpectedDocuments = project.Documents
            .Where(d => expected.FindDocument(d.FilePath) is null)
            .Select(d => d.Name)
            .ToArray();
        if (unexpectedDocuments.Length > 0)
        {
            throw new VerificationException($"{what} added documents the test does not expect: {string.Join(", ", unexpectedDocuments)}.");
        }

        foreach (TestDocument expectedDocument in expected.Documents)
        {
            Document? document = project.Documents.FirstOrDefault(d => d.FilePath == expectedDocument.FilePath)
                ?? throw new VerificationException($"{what} removed {expectedDocument.FileName}.");
            string actualText = NormalizeLineEndings((await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());
            string expectedText = NormalizeLineEndings(expectedDocument.Text);
            if (actualText != expectedText)
            {
                Compilation compilation = (await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false))!;
                throw new VerificationException(DescribeTextDifference(what, expectedDocument.FileName, expectedText, actualText, compilation));
            }
        }
    }

    private static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n");

    private static string DescribeTextDifference(string what, string fileName, string expected, string actual, Compilation compilation)
    {
        string[] expectedLines = expected.Split('\n');
        string[] actualLines = actual.Split('\n');
        int line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        StringBuilder message = new();
        message.AppendLine($"{what}: {fileName} differs from the expected fixed code, first at line {line + 1}.");
        message.AppendLine($"  expected: {(line < expectedLines.Length ? "`" + expectedLines[line] + "`" : "(end of file)")}");
        message.AppendLine($"  actual:   {(line < actualLines.Length ? "`" + actualLines[line] + "`" : "(end of file)")}");
        string[] errors = compilation.GetDiagnostics()
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => "  " + d.ToString())
            .ToArray();
        if (errors.Length > 0)
        {
            message.AppendLine("The actual result does not compile:").AppendLine(string.Join(Environment.NewLine, errors));
        }

        message.AppendLine($"Actual {fileName}:").AppendLine(actual);
        return message.ToString();
    }

    private static VerificationException IterationBoundReached(string what, int maxIterations, Diagnostic diagnostic) =>
        new($"{what} still offers a fix after {maxIterations} iteration(s), for {diagnostic}. " +
            "Either the fix does not remove its diagnostic, or the test needs a larger MaxIterations.");

    /// <summary>What FixAll sees: the fixable diagnostics of the current project, computed like the test's own.</summary>
    private sealed class FixableDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly CodeFixTest<TAnalyzer, TCodeFix> test;
        private readonly TCodeFix fix;

        public FixableDiagnosticProvider(CodeFixTest<TAnalyzer, TCodeFix> test, TCodeFix fix)
        {
            this.test = test;
            this.fix = fix;
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await test.GetFixableDiagnosticsAsync(project, fix, cancellationToken).ConfigureAwait(false);

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken) =>
            (await test.GetFixableDiagnosticsAsync(document.Project, fix, cancellationToken).ConfigureAwait(false))
                .Where(d => d.Location.SourceTree?.FilePath == document.FilePath);

        // Fixable diagnostics are in source (see GetFixableDiagnosticsAsync), so none is project-level.
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
