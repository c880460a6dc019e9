using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Runtime;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Performance.Corpus;
using SocketAnalyzers.TestSupport;

namespace SocketAnalyzers.Benchmarks;

/// <summary>What one run of an analyzer set cost and found.</summary>
internal sealed record AnalyzerRun(
    TimeSpan Wall,
    ImmutableArray<(string Analyzer, TimeSpan Time)> PerAnalyzer,
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<string> Exceptions,
    TimeSpan GcPauses,
    long AllocatedBytes,
    bool CollectedInNoGcRegion)
{
    /// <summary>The analyzers' own execution time, as the driver's telemetry measures it (binding excluded).</summary>
    public TimeSpan Total => PerAnalyzer.Aggregate(TimeSpan.Zero, (sum, entry) => sum + entry.Time);
}

internal static class Measure
{
    public static CSharpCompilation Compile(IEnumerable<CorpusFile> files, IEnumerable<string> enabledIds, CancellationToken cancellationToken)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, path: file.Path, cancellationToken: cancellationToken));
        var enabled = enabledIds.Distinct(StringComparer.Ordinal).ToDictionary(id => id, _ => ReportDiagnostic.Warn);
        return CSharpCompilation.Create(
            "Corpus",
            trees,
            TestReferences.Net100,
            // Single-threaded binding: its time is then its cost, comparable with the analyzers' callback times
            // (sequential too), and a background compile does not compete with the analyzers for the two cores.
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: false)
                .WithSpecificDiagnosticOptions(enabled));
    }

    /// <summary>
    /// The compiler's own work: declarations, binding of every method body and flow analysis
    /// (<c>GetDiagnostics</c>), on a fresh copy so nothing bound by an earlier run is reused.
    /// </summary>
    public static (TimeSpan Time, ImmutableArray<Diagnostic> Diagnostics) Binding(CSharpCompilation compilation, CancellationToken cancellationToken)
    {
        var fresh = compilation.Clone();
        CollectGarbage();
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = fresh.GetDiagnostics(cancellationToken);
        return (stopwatch.Elapsed, diagnostics);
    }

    /// <summary>
    /// One run of <paramref name="set"/> over the whole compilation (a fresh copy), with the driver's per-analyzer
    /// execution-time telemetry. Sequential (not concurrent) analysis: on a shared 2-core machine, callbacks racing
    /// for the cores would add waiting time to whichever analyzer happens to be running.
    /// </summary>
    /// <param name="noGcRegionBytes">
    /// When set, the run is made inside a no-GC region of that many bytes (<c>--no-gc</c>): the telemetry then holds
    /// no collection pauses, which the compiler's binding beside the analyzers mostly causes and which land in
    /// whichever callback is running. The allocated bytes show what is left out.
    /// </param>
    public static async Task<AnalyzerRun> Analyze(CSharpCompilation compilation, AnalyzerSet set, CancellationToken cancellationToken, long? noGcRegionBytes = null)
    {
        var exceptions = new List<string>();
        var withAnalyzers = compilation.Clone().WithAnalyzers(set.Analyzers, Options(exceptions));

        // Binding the references and declarations (every type and member signature) is the compiler's work, part
        // of its binding time. Done here, it is not charged to whichever analyzer callback happens to touch a
        // symbol first while the compiler, running beside the analyzers, has not completed it yet.
        PrepareDeclarations(withAnalyzers, cancellationToken);
        CollectGarbage();
        var noGcRegion = noGcRegionBytes is { } size && TryStartNoGcRegion(size);
        var pausesBefore = GC.GetTotalPauseDuration();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var stopwatch = Stopwatch.StartNew();
        var diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var wall = stopwatch.Elapsed;
        var pauses = GC.GetTotalPauseDuration() - pausesBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        // A run that allocated more than the region ended it with a collection: its telemetry holds pauses again.
        var collected = noGcRegionBytes is not null && (!noGcRegion || GCSettings.LatencyMode != GCLatencyMode.NoGCRegion);
        if (noGcRegion && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
        {
            GC.EndNoGCRegion();
        }

        var perAnalyzer = ImmutableArray.CreateBuilder<(string, TimeSpan)>();
        foreach (var analyzer in set.Analyzers)
        {
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false);
            perAnalyzer.Add((analyzer.GetType().Name, telemetry.ExecutionTime));
        }

        return new AnalyzerRun(wall, perAnalyzer.ToImmutable(), diagnostics, exceptions.ToImmutableArray(), pauses, allocated, collected);
    }

    /// <summary>
    /// The compiler's and the analyzers' time per file: the files are analyzed one after the other (as an IDE does per open
    /// document) and each file is charged the growth of the telemetry total. Work done once per compilation
    /// (resolving types, indexing helpers) lands on the file that first needs it.
    /// </summary>
    public static async Task<ImmutableArray<(CorpusFile File, TimeSpan Compile, TimeSpan Time)>> PerFile(
        CSharpCompilation compilation, IReadOnlyList<CorpusFile> files, AnalyzerSet set, CancellationToken cancellationToken)
    {
        // The compiler's share per file: binding that file's declarations and method bodies (its semantic
        // diagnostics), file after file on a copy of its own.
        var compileCopy = compilation.Clone();
        var compileTimes = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
        foreach (var tree in compileCopy.SyntaxTrees)
        {
            var stopwatch = Stopwatch.StartNew();
            compileCopy.GetSemanticModel(tree).GetDiagnostics(cancellationToken: cancellationToken);
            compileTimes[tree.FilePath] = stopwatch.Elapsed;
        }

        var exceptions = new List<string>();
        var withAnalyzers = compilation.Clone().WithAnalyzers(set.Analyzers, Options(exceptions));
        PrepareDeclarations(withAnalyzers, cancellationToken);
        var byPath = files.ToDictionary(file => file.Path, StringComparer.Ordinal);
        var result = ImmutableArray.CreateBuilder<(CorpusFile, TimeSpan, TimeSpan)>();
        var before = TimeSpan.Zero;
        foreach (var tree in withAnalyzers.Compilation.SyntaxTrees)
        {
            var model = withAnalyzers.Compilation.GetSemanticModel(tree);
            await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, cancellationToken).ConfigureAwait(false);
            var after = await TotalTime(withAnalyzers, set, cancellationToken).ConfigureAwait(false);
            result.Add((byPath[tree.FilePath], compileTimes[tree.FilePath], after - before));
            before = after;
        }

        if (exceptions.Count > 0)
        {
            throw new InvalidOperationException("An analyzer threw:" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        }

        return result.ToImmutable();
    }

    /// <summary>
    /// Every measured run starts on a collected heap (as BenchmarkDotNet does between iterations): otherwise the
    /// garbage of the run before decides when a full collection falls inside the next one, and whose callback
    /// it lands in.
    /// </summary>
    private static void CollectGarbage()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }

    /// <summary>False where the runtime cannot reserve that much (a smaller machine): the run then reports it did not hold.</summary>
    private static bool TryStartNoGcRegion(long size)
    {
        try
        {
            return GC.TryStartNoGCRegion(size);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    /// <summary>
    /// The method body whose analysis alone costs most, among the given files: each member's span analyzed on a
    /// compilation of its own (so no other body's work is charged to it), against the compiler's binding of that span.
    /// </summary>
    public static async Task<(string Member, TimeSpan Compile, TimeSpan Time)> SlowestBody(
        CSharpCompilation compilation, IEnumerable<CorpusFile> files, AnalyzerSet set, CancellationToken cancellationToken)
    {
        var slowest = (Member: "", Compile: TimeSpan.Zero, Time: TimeSpan.Zero);
        var exceptions = new List<string>();
        foreach (var file in files)
        {
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == file.Path);
            foreach (var member in tree.GetRoot(cancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax>())
            {
                var bindingCopy = compilation.Clone();
                var stopwatch = Stopwatch.StartNew();
                bindingCopy.GetSemanticModel(tree).GetDiagnostics(member.Span, cancellationToken);
                var compile = stopwatch.Elapsed;

                var withAnalyzers = compilation.Clone().WithAnalyzers(set.Analyzers, Options(exceptions));
                PrepareDeclarations(withAnalyzers, cancellationToken);
                var model = withAnalyzers.Compilation.GetSemanticModel(tree);
                await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, member.Span, cancellationToken).ConfigureAwait(false);
                var time = await TotalTime(withAnalyzers, set, cancellationToken).ConfigureAwait(false);
                if (time > slowest.Time)
                {
                    slowest = ($"{file.Path}:{member.GetLocation().GetLineSpan().StartLinePosition.Line + 1}", compile, time);
                }
            }
        }

        if (exceptions.Count > 0)
        {
            throw new InvalidOperationException("An analyzer threw:" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        }

        return slowest;
    }

    private static void PrepareDeclarations(CompilationWithAnalyzers withAnalyzers, CancellationToken cancellationToken) =>
        withAnalyzers.Compilation.GetDeclarationDiagnostics(cancellationToken);

    private static async Task<TimeSpan> TotalTime(CompilationWithAnalyzers withAnalyzers, AnalyzerSet set, CancellationToken cancellationToken)
    {
        var total = TimeSpan.Zero;
        foreach (var analyzer in set.Analyzers)
        {
            total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, cancellationToken).ConfigureAwait(false)).ExecutionTime;
        }

        return total;
    }

    private static CompilationWithAnalyzersOptions Options(List<string> exceptions) => new(
        new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
        onAnalyzerException: (exception, analyzer, _) =>
        {
            lock (exceptions)
            {
                exceptions.Add(analyzer.GetType().Name + ": " + exception);
            }
        },
        concurrentAnalysis: false,
        logAnalyzerExecutionTime: true,
        reportSuppressedDiagnostics: false);

    /// <summary>
    /// The best of several runs: on a machine shared with other work, interference only ever adds time, so the
    /// fastest run is the closest to the code's own cost.
    /// </summary>
    public static TimeSpan Best(IEnumerable<TimeSpan> values) => values.DefaultIfEmpty(TimeSpan.Zero).Min();
}
