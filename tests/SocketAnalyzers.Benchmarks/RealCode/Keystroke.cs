using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Benchmarks.RealCode;

/// <summary>
/// The keystroke measure: a one-character edit of a document (a space at its end) makes a new compilation, whose
/// caches are cold as after a real keystroke; then that document alone is analyzed, as an IDE does for the open file.
/// </summary>
internal static class Keystroke
{
    /// <summary>The documents of one repository's projects the measure may edit, with the project that compiles each.</summary>
    public static IReadOnlyList<(DocumentCandidate Candidate, LoadedProject Project, SyntaxTree Tree)> Candidates(IReadOnlyList<LoadedProject> projects, CancellationToken cancellationToken) =>
        projects
            .SelectMany(project => project.Compilation.SyntaxTrees
                .Where(tree => !string.IsNullOrEmpty(tree.FilePath) && !tree.FilePath.EndsWith(".g.cs", StringComparison.OrdinalIgnoreCase))
                .Select(tree =>
                {
                    var text = tree.GetText(cancellationToken);
                    return (new DocumentCandidate(tree.FilePath, text.Length, RealCodeRules.SocketMentions(text.ToString())), project, tree);
                }))
            .ToList();

    /// <summary>Each measure on an edit of its own, <paramref name="edits"/> times; the medians.</summary>
    public static async Task<KeystrokeFigures> MeasureAsync(
        LoadedProject project, SyntaxTree tree, bool socketHeavy, AnalyzerSet ours, AnalyzerSet ca2000, AnalyzerSet floor, int edits, List<string> exceptions, CancellationToken cancellationToken)
    {
        var compiler = new List<TimeSpan>();
        var floorWall = new List<TimeSpan>();
        var oursWall = new List<TimeSpan>();
        var oursOwn = new List<TimeSpan>();
        var ca2000Wall = new List<TimeSpan>();
        for (int edit = 0; edit < edits; edit++)
        {
            compiler.Add(Compiler(Edited(project.Compilation, tree, cancellationToken), cancellationToken));
            foreach (var (set, wall) in new[] { (floor, floorWall), (ours, oursWall), (ca2000, ca2000Wall) })
            {
                var (time, own) = await DocumentAnalysisAsync(Edited(project.Compilation, tree, cancellationToken), set, exceptions, cancellationToken).ConfigureAwait(false);
                wall.Add(time);
                if (set == ours)
                {
                    oursOwn.Add(own);
                }
            }
        }

        int lines = tree.GetText(cancellationToken).Lines.Count;
        return new KeystrokeFigures(tree.FilePath, socketHeavy, lines, RealCodeRules.Median(compiler), RealCodeRules.Median(floorWall),
            RealCodeRules.Median(oursWall), RealCodeRules.Median(oursOwn), RealCodeRules.Median(ca2000Wall));
    }

    private static (CSharpCompilation Compilation, SyntaxTree Tree) Edited(CSharpCompilation compilation, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var text = tree.GetText(cancellationToken);
        var edited = tree.WithChangedText(text.WithChanges(new TextChange(new TextSpan(text.Length, 0), " ")));
        return (compilation.ReplaceSyntaxTree(tree, edited), edited);
    }

    /// <summary>The compiler's own diagnostics of the document (declarations and method bodies of that file).</summary>
    private static TimeSpan Compiler((CSharpCompilation Compilation, SyntaxTree Tree) edited, CancellationToken cancellationToken)
    {
        Collect();
        var stopwatch = Stopwatch.StartNew();
        edited.Compilation.GetSemanticModel(edited.Tree).GetDiagnostics(cancellationToken: cancellationToken);
        return stopwatch.Elapsed;
    }

    /// <summary>The wall time of the document-scoped analysis (binding of the document included) and the analyzers' own time in it.</summary>
    private static async Task<(TimeSpan Wall, TimeSpan Own)> DocumentAnalysisAsync(
        (CSharpCompilation Compilation, SyntaxTree Tree) edited, AnalyzerSet set, List<string> exceptions, CancellationToken cancellationToken)
    {
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add($"{analyzer.GetType().Name} on {edited.Tree.FilePath}: {exception}");
                }
            },
            concurrentAnalysis: false,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = edited.Compilation.WithAnalyzers(set.Analyzers, options);
        var model = withAnalyzers.Compilation.GetSemanticModel(edited.Tree);
        Collect();
        var stopwatch = Stopwatch.StartNew();
        await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
        var wall = stopwatch.Elapsed;
        var own = TimeSpan.Zero;
        foreach (var analyzer in set.Analyzers)
        {
            own += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false)).ExecutionTime;
        }

        return (wall, own);
    }

    /// <summary>Each measure starts on a collected heap, so the garbage of the one before does not land in it.</summary>
    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }
}
