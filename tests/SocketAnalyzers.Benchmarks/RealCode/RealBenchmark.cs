using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;

namespace SocketAnalyzers.Benchmarks.RealCode;

/// <summary>One repository's build figures: medians over the warm runs of the per-project sums.</summary>
internal sealed record RepositoryFigures(
    string Repository, int Projects, int SourceOnly, int Files, int Lines, int CompileErrors,
    TimeSpan Binding, TimeSpan Ours, TimeSpan Ca2000, TimeSpan IDisposable, IReadOnlyList<(string Analyzer, TimeSpan Time)> PerAnalyzer);

/// <summary>
/// <c>--real CORPUS_DIR</c>: the real-code corpus of eval/corpus.tsv, per repository in one process: the compiler's
/// binding, our analyzers (total and each), CA2000 alone and IDisposableAnalyzers on every project that loads (medians
/// of warm runs, summed per repository); then the keystroke measure on a few socket-heavy and ordinary documents.
/// </summary>
internal static class RealBenchmark
{
    public static async Task<int> RunAsync(string corpusDirectory, IReadOnlyCollection<string>? onlyRepositories, int iterations, int documents, bool restore,
        AnalyzerSet ours, AnalyzerSet ca2000, AnalyzerSet idisposable, CancellationToken cancellationToken)
    {
        var floor = AnalyzerSets.Floor();
        var enabledIds = ours.EnabledIds.Concat(ca2000.EnabledIds).Concat(idisposable.EnabledIds).Concat(floor.EnabledIds).ToArray();
        // In the order --repos names them (small ones first, say, so a long run has results early).
        var corpus = RepositoryLoader.ReadCorpus();
        var repositories = onlyRepositories is null
            ? corpus.ToList()
            : onlyRepositories.SelectMany(name => corpus.Where(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase))).ToList();
        Console.WriteLine($"== Real code: {repositories.Count} repositories of {corpusDirectory}, {iterations} warm runs each (medians), keystroke on up to {documents} socket-heavy and {documents} ordinary documents");
        if (repositories.Count == 0)
        {
            Console.WriteLine("  No repository of eval/corpus.tsv matches --repos.");
            return 1;
        }

        string? msbuildUnavailable = RepositoryLoader.RegisterMSBuild();
        if (msbuildUnavailable is not null)
        {
            Console.WriteLine($"  MSBuild unavailable ({msbuildUnavailable}): every project loads source-only.");
        }

        var builds = new List<RepositoryFigures>();
        var keystrokes = new Dictionary<string, IReadOnlyList<KeystrokeFigures>>(StringComparer.Ordinal);
        var exceptions = new List<string>();
        bool brokenLoad = false;
        foreach (var repository in repositories)
        {
            Console.WriteLine();
            string solution = Path.Combine(RepositoryLoader.Checkout(corpusDirectory, repository), repository.Solution);
            if (!File.Exists(solution))
            {
                Console.WriteLine($"-- {repository.Name}: {solution} does not exist; skipped.");
                brokenLoad = true;
                continue;
            }

            var (projects, notices) = await RepositoryLoader.LoadAsync(solution, restore, msbuildUnavailable, enabledIds, cancellationToken).ConfigureAwait(false);
            Console.WriteLine($"-- {repository.Name} ({repository.Solution}): {projects.Count} projects loaded ({projects.Count(p => p.Mode == Cli.LoadMode.SourceOnly)} source-only)");
            foreach (string notice in notices.Where(n => n.Contains("could not be scanned", StringComparison.Ordinal) || n.Contains("does not exist", StringComparison.Ordinal)))
            {
                Console.WriteLine($"   skipped: {notice}");
            }

            if (projects.Count == 0)
            {
                brokenLoad = true;
                continue;
            }

            var build = await BuildAsync(repository.Name, projects, iterations, ours, ca2000, idisposable, exceptions, cancellationToken).ConfigureAwait(false);
            builds.Add(build);
            Console.WriteLine($"   binding {Ms(build.Binding)}, ours {Ms(build.Ours)}, CA2000 {Ms(build.Ca2000)}, IDisposableAnalyzers {Ms(build.IDisposable)}; " +
                              $"{build.Files} files, {build.Lines:N0} lines, {build.CompileErrors} compile errors");

            var candidates = Keystroke.Candidates(projects, cancellationToken);
            var (socketHeavy, ordinary) = RealCodeRules.Choose(candidates.Select(c => c.Candidate), documents);
            var figures = new List<KeystrokeFigures>();
            foreach (var (chosen, isSocket) in socketHeavy.Select(d => (d, true)).Concat(ordinary.Select(d => (d, false))))
            {
                var (_, project, tree) = candidates.First(c => c.Candidate.Path == chosen.Path);
                var figure = await Keystroke.MeasureAsync(project, tree, isSocket, ours, ca2000, floor, iterations, exceptions, cancellationToken).ConfigureAwait(false);
                figures.Add(figure with { Path = Path.GetRelativePath(RepositoryLoader.Checkout(corpusDirectory, repository), figure.Path) });
            }

            keystrokes[repository.Name] = figures;
            PrintKeystroke(figures);
            foreach (var v in RealCodeRules.BuildVerdicts(build.Repository, build.Binding, build.Ours, build.Ca2000).Concat(RealCodeRules.KeystrokeVerdicts(repository.Name, figures)))
            {
                Console.WriteLine($"   {(v.Holds ? "ok    " : "MISSED")} {v.Budget,-42} {v.Figures}");
            }

            projects = Array.Empty<LoadedProject>();
            GC.Collect();
        }

        return Report(builds, keystrokes, exceptions, brokenLoad);
    }

    private static async Task<RepositoryFigures> BuildAsync(string name, IReadOnlyList<LoadedProject> projects, int iterations,
        AnalyzerSet ours, AnalyzerSet ca2000, AnalyzerSet idisposable, List<string> exceptions, CancellationToken cancellationToken)
    {
        var binding = new List<TimeSpan>();
        var runs = new Dictionary<AnalyzerSet, List<TimeSpan>> { [ours] = new(), [ca2000] = new(), [idisposable] = new() };
        var perAnalyzer = new Dictionary<string, List<TimeSpan>>(StringComparer.Ordinal);
        int errors = 0;
        for (int i = 0; i < iterations; i++)
        {
            var bindingSum = TimeSpan.Zero;
            var sums = runs.Keys.ToDictionary(set => set, _ => TimeSpan.Zero);
            var analyzerSums = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);
            foreach (var project in projects)
            {
                var (time, diagnostics) = Measure.Binding(project.Compilation, cancellationToken);
                bindingSum += time;
                if (i == 0)
                {
                    errors += diagnostics.Count(d => d.Severity == DiagnosticSeverity.Error);
                }

                foreach (var set in runs.Keys)
                {
                    var run = await Measure.Analyze(project.Compilation, set, cancellationToken).ConfigureAwait(false);
                    exceptions.AddRange(run.Exceptions.Select(e => $"{name}/{project.Name}: {e}"));
                    sums[set] += run.Total;
                    if (set == ours)
                    {
                        foreach (var (analyzer, analyzerTime) in run.PerAnalyzer)
                        {
                            analyzerSums[analyzer] = analyzerSums.GetValueOrDefault(analyzer) + analyzerTime;
                        }
                    }
                }
            }

            binding.Add(bindingSum);
            foreach (var set in runs.Keys)
            {
                runs[set].Add(sums[set]);
            }

            foreach (var (analyzer, time) in analyzerSums)
            {
                perAnalyzer.TryAdd(analyzer, new List<TimeSpan>());
                perAnalyzer[analyzer].Add(time);
            }

            Console.WriteLine($"   run {i + 1}: binding {Ms(bindingSum)}, " + string.Join(", ", runs.Keys.Select(set => $"{set.Name} {Ms(sums[set])}")));
        }

        var trees = projects.SelectMany(p => p.Compilation.SyntaxTrees).GroupBy(t => t.FilePath, StringComparer.Ordinal).Select(g => g.First()).ToList();
        return new RepositoryFigures(name, projects.Count, projects.Count(p => p.Mode == Cli.LoadMode.SourceOnly), trees.Count,
            trees.Sum(t => t.GetText(cancellationToken).Lines.Count), errors,
            RealCodeRules.Median(binding), RealCodeRules.Median(runs[ours]), RealCodeRules.Median(runs[ca2000]), RealCodeRules.Median(runs[idisposable]),
            perAnalyzer.Select(p => (p.Key, RealCodeRules.Median(p.Value))).OrderByDescending(p => p.Item2).ToList());
    }

    private static void PrintKeystroke(IReadOnlyList<KeystrokeFigures> figures)
    {
        Console.WriteLine($"   keystroke (medians; wall of the document-scoped analysis, binding of the document included; own = our analyzers' time in it)");
        Console.WriteLine($"   {"document",-60} {"kind",-8} {"lines",6} {"compiler",10} {"floor",10} {"ours",10} {"ours own",10} {"CA2000",10}");
        foreach (var f in figures)
        {
            string path = f.Path.Length > 60 ? "…" + f.Path[^59..] : f.Path;
            Console.WriteLine($"   {path,-60} {(f.SocketHeavy ? "socket" : "ordinary"),-8} {f.Lines,6} {Ms(f.Compiler),10} {Ms(f.Floor),10} {Ms(f.Ours),10} {Ms(f.OursOwn),10} {Ms(f.Ca2000),10}");
        }
    }

    private static int Report(IReadOnlyList<RepositoryFigures> builds, IReadOnlyDictionary<string, IReadOnlyList<KeystrokeFigures>> keystrokes, List<string> exceptions, bool brokenLoad)
    {
        Console.WriteLine();
        Console.WriteLine("== Real code, build (medians of warm runs, summed over each repository's projects)");
        Console.WriteLine($"  {"repository",-40} {"proj",4} {"lines",8} {"binding",11} {"ours",10} {"ours/bind",9} {"CA2000",10} {"ours/CA2000",11} {"IDisposableA.",13}");
        foreach (var b in builds)
        {
            Console.WriteLine($"  {b.Repository,-40} {b.Projects,4} {b.Lines,8:N0} {Ms(b.Binding),11} {Ms(b.Ours),10} {RealCodeRules.Ratio(b.Ours, b.Binding),9:P2} {Ms(b.Ca2000),10} {RealCodeRules.Ratio(b.Ours, b.Ca2000),11:F2} {Ms(b.IDisposable),13}");
        }

        var total = (Binding: Sum(builds.Select(b => b.Binding)), Ours: Sum(builds.Select(b => b.Ours)), Ca2000: Sum(builds.Select(b => b.Ca2000)), IDisposable: Sum(builds.Select(b => b.IDisposable)));
        Console.WriteLine($"  {"all",-40} {builds.Sum(b => b.Projects),4} {builds.Sum(b => b.Lines),8:N0} {Ms(total.Binding),11} {Ms(total.Ours),10} {RealCodeRules.Ratio(total.Ours, total.Binding),9:P2} {Ms(total.Ca2000),10} {RealCodeRules.Ratio(total.Ours, total.Ca2000),11:F2} {Ms(total.IDisposable),13}");

        Console.WriteLine();
        Console.WriteLine("== Real code, our analyzers (each reports one rule; all repositories, sum of the medians)");
        foreach (var analyzer in builds.SelectMany(b => b.PerAnalyzer).GroupBy(p => p.Analyzer).Select(g => (g.Key, Sum(g.Select(p => p.Time)))).OrderByDescending(p => p.Item2))
        {
            Console.WriteLine($"  {analyzer.Key,-44} {Ms(analyzer.Item2),10}");
        }

        Console.WriteLine();
        Console.WriteLine("== Real code, keystroke (median over each repository's documents)");
        Console.WriteLine($"  {"repository",-40} {"socket docs: ours/compiler",26} {"ordinary: ours/floor",20} {"max own",10} {"CA2000/compiler (socket)",24}");
        foreach (var (repository, figures) in keystrokes)
        {
            var socket = figures.Where(f => f.SocketHeavy).ToList();
            var ordinary = figures.Where(f => !f.SocketHeavy).ToList();
            string socketRatio = socket.Count == 0 ? "-" : $"{RealCodeRules.Median(socket.Select(f => RealCodeRules.Ratio(f.Ours, f.Compiler))):F2}x ({socket.Count})";
            string ordinaryRatio = ordinary.Count == 0 ? "-" : $"{RealCodeRules.Median(ordinary.Select(f => RealCodeRules.Ratio(f.Ours, f.Floor))):F2}x ({ordinary.Count})";
            string ca2000Ratio = socket.Count == 0 ? "-" : $"{RealCodeRules.Median(socket.Select(f => RealCodeRules.Ratio(f.Ca2000, f.Compiler))):F2}x";
            string maxOwn = figures.Count == 0 ? "-" : Ms(figures.Max(f => f.OursOwn));
            Console.WriteLine($"  {repository,-40} {socketRatio,26} {ordinaryRatio,20} {maxOwn,10} {ca2000Ratio,24}");
        }

        var verdicts = builds.SelectMany(b => RealCodeRules.BuildVerdicts(b.Repository, b.Binding, b.Ours, b.Ca2000))
            .Concat(keystrokes.SelectMany(k => RealCodeRules.KeystrokeVerdicts(k.Key, k.Value)))
            .ToList();
        Console.WriteLine();
        Console.WriteLine("== Real code, budgets");
        foreach (var v in verdicts.OrderBy(v => v.Repository, StringComparer.Ordinal))
        {
            Console.WriteLine($"  {(v.Holds ? "ok    " : "MISSED")} {v.Repository,-40} {v.Budget,-42} {v.Figures}");
        }

        Console.WriteLine($"  {verdicts.Count(v => v.Holds)} of {verdicts.Count} hold");
        if (exceptions.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"== Analyzer exceptions ({exceptions.Count}), first ones:");
            foreach (var exception in exceptions.Take(5))
            {
                Console.WriteLine("  " + exception);
            }
        }

        return exceptions.Count > 0 || brokenLoad ? 1 : verdicts.All(v => v.Holds) ? 0 : 2;
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> values) => values.Aggregate(TimeSpan.Zero, (sum, value) => sum + value);

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";
}
