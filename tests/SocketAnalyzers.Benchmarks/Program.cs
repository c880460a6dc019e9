using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.Performance.Corpus;

namespace SocketAnalyzers.Benchmarks;

/// <summary>
/// The analyzers' cost beside the compiler's, CA2000's and IDisposableAnalyzers', on one generated corpus in one
/// run; per-file split; growth with method size and nesting; and the budgets (docs/performance.md).
/// Usage: <c>dotnet run -c Release --project tests/SocketAnalyzers.Benchmarks [-- options]</c> with
/// <c>--iterations N</c> (default 5; the best run counts), <c>--quick</c> (a sixth of the corpus, one iteration),
/// <c>--per-rule</c> (also each analyzer alone), <c>--diagnostics FILE</c> (only write the diagnostics, to compare builds), <c>--profile N</c> (only our
/// analyzers, N runs, for a sampling profiler; with <c>--no-gc</c>, each run inside a no-GC region).
/// <c>--real CORPUS_DIR</c> (or SOCKETANALYZERS_CORPUS) then measures the real-code corpus too (<see cref="RealCode.RealBenchmark"/>):
/// <c>--repos owner/name,..</c>, <c>--documents K</c>, <c>--no-restore</c>, <c>--only-real</c>; <c>--analyzer-assembly PATH</c>
/// measures another build of SocketAnalyzers.dll in both.
/// Exit code 0: every budget holds; 2: a budget is missed; 1: the corpus did not compile or an analyzer threw.
/// </summary>
internal static class Program
{
    private const double CompileBudget = 0.03;
    private const double Ca2000Budget = 0.10;
    private static readonly TimeSpan MethodBudget = TimeSpan.FromMilliseconds(100);

    /// <summary>Per-unit cost at the largest size may be at most this multiple of the cost at the size below it.</summary>
    private const double LinearityTolerance = 2.0;

    private const int WarmUpRounds = 3;

    /// <summary>The no-GC region of <c>--no-gc</c>: above what one analyzer run over the corpus allocates.</summary>
    private const long NoGcRegionBytes = 8L * 1024 * 1024 * 1024;

    /// <summary><c>--quick</c>: a sixth of the corpus, to try the harness itself.</summary>
    private static readonly CorpusShape QuickShape = CorpusShape.Benchmark with { OrdinaryFiles = 50, SocketFiles = 10 };

    private static async Task<int> Main(string[] args)
    {
        // The real-code corpus (docs/performance.md, "Real code") after the generated one, when it is given.
        string? corpus = Option(args, "--real") ?? Environment.GetEnvironmentVariable("SOCKETANALYZERS_CORPUS");
        bool onlyDiagnosticsOrProfile = args.Contains("--diagnostics") || args.Contains("--profile");
        var ours = OursFromArguments(args);
        Console.WriteLine($"SocketAnalyzers measured: {AnalyzerSets.Describe(ours.Analyzers[0].GetType().Assembly)}");
        int generated = corpus is not null && args.Contains("--only-real") ? 0 : await Generated(args, ours);
        if (corpus is null || onlyDiagnosticsOrProfile || generated == 1)
        {
            return generated;
        }

        Console.WriteLine();
        int iterations = Option(args, "--iterations") is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 5;
        int documents = Option(args, "--documents") is { } k ? int.Parse(k, CultureInfo.InvariantCulture) : 3;
        var repositories = Option(args, "--repos")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromHours(6));
        if (args.Contains("--only-real"))
        {
            await WarmUp(ours, AnalyzerSets.Ca2000(), AnalyzerSets.IDisposableAnalyzers(), cancellation.Token);
        }

        int real = await RealCode.RealBenchmark.RunAsync(corpus, repositories, iterations, documents, restore: !args.Contains("--no-restore"),
            ours, AnalyzerSets.Ca2000(), AnalyzerSets.IDisposableAnalyzers(), cancellation.Token);
        return generated == 1 || real == 1 ? 1 : Math.Max(generated, real);
    }

    /// <summary>The value after <paramref name="name"/>, or null.</summary>
    private static string? Option(string[] args, string name)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>The package's analyzers: the referenced build, or the one <c>--analyzer-assembly PATH</c> names (to compare two commits).</summary>
    private static AnalyzerSet OursFromArguments(string[] args) =>
        Option(args, "--analyzer-assembly") is { } path ? AnalyzerSets.Ours(AnalyzerSets.LoadAnalyzerAssembly(path)) : AnalyzerSets.Ours();

    /// <summary>
    /// The compiler and every analyzer run on a sixth of the generated corpus until the JIT has tiered their hot code
    /// up (the first runs of the same work measured 2-6 times slower than the later ones).
    /// </summary>
    private static async Task WarmUp(AnalyzerSet ours, AnalyzerSet ca2000, AnalyzerSet idisposable, CancellationToken token)
    {
        var warmUp = Measure.Compile(CorpusGenerator.Generate(QuickShape), ours.EnabledIds.Concat(ca2000.EnabledIds), token);
        for (int round = 0; round < WarmUpRounds; round++)
        {
            Measure.Binding(warmUp, token);
            foreach (var set in new[] { ours, ca2000, idisposable })
            {
                await Measure.Analyze(warmUp, set, token);
            }
        }
    }

    private static async Task<int> Generated(string[] args, AnalyzerSet ours)
    {
        bool quick = args.Contains("--quick");
        int iterations = quick ? 1 : 5;
        int at = Array.IndexOf(args, "--iterations");
        if (at >= 0 && at + 1 < args.Length)
        {
            iterations = int.Parse(args[at + 1], CultureInfo.InvariantCulture);
        }

        // A hang guard, not a budget: a run that takes this long has a pathology to find.
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(60));
        var token = cancellation.Token;
        var verdicts = new List<(string Budget, bool Holds, string Figures)>();

        Console.WriteLine("SocketAnalyzers benchmark");
        Console.WriteLine($"machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.ProcessArchitecture}, .NET {Environment.Version}, Roslyn {typeof(Compilation).Assembly.GetName().Version}");
        Console.WriteLine($"iterations: {iterations} (best of them reported){(quick ? ", quick mode (small corpus)" : string.Empty)}");
        Console.WriteLine();

        var ca2000 = AnalyzerSets.Ca2000();
        var idisposable = AnalyzerSets.IDisposableAnalyzers();
        var enabledIds = ours.EnabledIds.Concat(ca2000.EnabledIds).Concat(idisposable.EnabledIds).ToArray();

        // --diagnostics FILE: every diagnostic of the package on the corpus and the stress methods, one a line,
        // sorted; diff two builds' files to show that a performance change kept the behavior.
        int diagnosticsAt = Array.IndexOf(args, "--diagnostics");
        if (diagnosticsAt >= 0 && diagnosticsAt + 1 < args.Length)
        {
            return await WriteDiagnostics(args[diagnosticsAt + 1], quick, ours, token);
        }

        // --profile N: only SocketAnalyzers, N runs over the whole corpus and nothing else, to run under a sampling
        // profiler (dotnet-trace collect -- dotnet SocketAnalyzers.Benchmarks.dll --profile 20).
        int profileAt = Array.IndexOf(args, "--profile");
        if (profileAt >= 0 && profileAt + 1 < args.Length)
        {
            // --kind Ordinary|Socket: only that part of the corpus; --kind Stress: the largest growth methods alone.
            int kindAt = Array.IndexOf(args, "--kind");
            var profiledFiles = kindAt >= 0 && kindAt + 1 < args.Length && args[kindAt + 1] == nameof(CorpusFileKind.Stress)
                ? new[] { StressCode.LargeMethod(10_000), StressCode.NestedTry(100) }
                : CorpusGenerator.Generate(quick ? QuickShape : CorpusShape.Benchmark)
                    .Where(file => kindAt < 0 || kindAt + 1 >= args.Length || file.Kind.ToString() == args[kindAt + 1]);
            // --set CA2000|IDisposableAnalyzers|<one of our analyzers' type names>: that set instead of ours, to compare
            // what the same harness (and the garbage collector) charges to each.
            int setAt = Array.IndexOf(args, "--set");
            var profiledSet = setAt < 0 || setAt + 1 >= args.Length ? ours : args[setAt + 1] switch
            {
                "CA2000" => ca2000,
                "IDisposableAnalyzers" => idisposable,
                var name => ours with { Name = name, Analyzers = ours.Analyzers.Where(a => a.GetType().Name == name).ToImmutableArray() },
            };
            if (profiledSet.Analyzers.IsEmpty)
            {
                Console.WriteLine($"--set {args[setAt + 1]}: no such analyzer set or analyzer.");
                return 1;
            }

            // --no-gc: each run inside a no-GC region (8 GB; a run allocates 0.5-1.2 GB), so the telemetry holds no
            // collection pauses, whoever caused them. The allocated bytes, unlike the times, repeat from run to run.
            long? noGcRegion = Array.IndexOf(args, "--no-gc") >= 0 ? NoGcRegionBytes : null;
            var profiled = Measure.Compile(profiledFiles, profiledSet.EnabledIds, token);
            for (int run = 0; run < int.Parse(args[profileAt + 1], CultureInfo.InvariantCulture); run++)
            {
                var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
                var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                var profiledRun = await Measure.Analyze(profiled, profiledSet, token, noGcRegion);
                var cpu = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                Console.Write($"  [GCs gen0 {GC.CollectionCount(0) - collections.Item1}, gen1 {GC.CollectionCount(1) - collections.Item2}, gen2 {GC.CollectionCount(2) - collections.Item3}]");
                Console.WriteLine($"  run {run + 1}: {Ms(profiledRun.Total)} (wall {Ms(profiledRun.Wall)}, process CPU {Ms(cpu)}, GC pauses {Ms(profiledRun.GcPauses)}, " +
                                  $"allocated {profiledRun.AllocatedBytes / (1024.0 * 1024.0):N0} MB{(profiledRun.CollectedInNoGcRegion ? ", the no-GC region did not hold" : string.Empty)}; " +
                                  string.Join(", ", profiledRun.PerAnalyzer.Select(p => $"{p.Analyzer.Replace("Analyzer", string.Empty)} {p.Time.TotalMilliseconds:N0}")) + ")");
            }

            return 0;
        }

        // Warm-up: the compiler and every analyzer run on a sixth of the corpus until the JIT has tiered their hot
        // code up (the first runs of the same work measured 2-6 times slower than the later ones).
        await WarmUp(ours, ca2000, idisposable, token);

        // ---- The corpus.
        var shape = quick ? QuickShape : CorpusShape.Benchmark;
        var files = CorpusGenerator.Generate(shape);
        Console.WriteLine("== Corpus (generated, deterministic)");
        foreach (var kind in new[] { CorpusFileKind.Ordinary, CorpusFileKind.Socket })
        {
            var ofKind = files.Where(f => f.Kind == kind).ToList();
            Console.WriteLine($"  {kind,-9} {ofKind.Count,4} files {ofKind.Sum(f => f.Lines),8:N0} lines");
        }

        Console.WriteLine($"  {"total",-9} {files.Length,4} files {files.Sum(f => f.Lines),8:N0} lines");
        var compilation = Measure.Compile(files, enabledIds, token);
        var (_, compilerDiagnostics) = Measure.Binding(compilation, token);
        var errors = compilerDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            Console.WriteLine($"The corpus does not compile ({errors.Count} errors), first ones:");
            foreach (var error in errors.Take(10))
            {
                Console.WriteLine("  " + error);
            }

            return 1;
        }

        Console.WriteLine();

        // ---- Whole-corpus cost, each measure on the same compilation, interleaved per iteration.
        var binding = new List<TimeSpan>();
        var runs = new Dictionary<AnalyzerSet, List<AnalyzerRun>> { [ours] = new(), [ca2000] = new(), [idisposable] = new() };
        for (int i = 0; i < iterations; i++)
        {
            binding.Add(Measure.Binding(compilation, token).Time);
            foreach (var set in runs.Keys)
            {
                var run = await Measure.Analyze(compilation, set, token);
                if (run.Exceptions.Length > 0)
                {
                    Console.WriteLine($"{set.Name} threw:{Environment.NewLine}{string.Join(Environment.NewLine, run.Exceptions)}");
                    return 1;
                }

                runs[set].Add(run);
            }

            Console.WriteLine($"  iteration {i + 1}: compile {Ms(binding[^1])}, " + string.Join(", ", runs.Select(r => $"{r.Key.Name} {Ms(r.Value[^1].Total)} (GC pauses in the run {Ms(r.Value[^1].GcPauses)})")));
        }

        var compileTime = Measure.Best(binding);
        TimeSpan Total(AnalyzerSet set) => Measure.Best(runs[set].Select(r => r.Total));
        TimeSpan Wall(AnalyzerSet set) => Measure.Best(runs[set].Select(r => r.Wall));
        Console.WriteLine();
        Console.WriteLine("== Whole corpus (best of the iterations)");
        Console.WriteLine($"  {"compiler binding (GetDiagnostics)",-44} {Ms(compileTime),10}");
        foreach (var set in runs.Keys)
        {
            Console.WriteLine($"  {set.Name + " analyzer time",-44} {Ms(Total(set)),10}   (wall with binding {Ms(Wall(set))}; {set.Note})");
        }

        double oursOverCompile = Ratio(Total(ours), compileTime);
        double oursOverCa2000 = Ratio(Total(ours), Total(ca2000));
        double oursOverIDisposable = Ratio(Total(ours), Total(idisposable));
        Console.WriteLine();
        Console.WriteLine($"  ours / compile               {oursOverCompile,8:P2}   (budget <= {CompileBudget:P0})");
        Console.WriteLine($"  ours / CA2000                {oursOverCa2000,8:P2}   (budget <= {Ca2000Budget:P0})");
        Console.WriteLine($"  ours / IDisposableAnalyzers  {oursOverIDisposable,8:P2}");
        verdicts.Add(("ours <= 3% of compiler binding", oursOverCompile <= CompileBudget, $"{oursOverCompile:P2}"));
        verdicts.Add(("ours <= 1/10 of CA2000", oursOverCa2000 <= Ca2000Budget, $"{oursOverCa2000:P2}"));

        Console.WriteLine();
        Console.WriteLine("== SocketAnalyzers per analyzer (best; the first analyzer to ask for a method's flow analysis pays for it, the others read the cache)");
        foreach (var name in runs[ours][0].PerAnalyzer.Select(p => p.Analyzer))
        {
            var time = Measure.Best(runs[ours].Select(r => r.PerAnalyzer.Single(p => p.Analyzer == name).Time));
            Console.WriteLine($"  {name,-44} {Ms(time),10}");
        }

        Console.WriteLine();
        Console.WriteLine("== Diagnostics found on the corpus (last iteration)");
        foreach (var set in runs.Keys)
        {
            var counts = runs[set][^1].Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
            Console.WriteLine($"  {set.Name,-22} {string.Join(", ", counts)}");
        }

        var missingRules = ours.EnabledIds.Except(runs[ours][^1].Diagnostics.Select(d => d.Id)).ToList();
        if (missingRules.Count > 0)
        {
            Console.WriteLine($"  (rules not exercised by the corpus: {string.Join(", ", missingRules)})");
        }

        if (args.Contains("--per-rule"))
        {
            await Profile.Run(files, ours, token);
        }

        // ---- Per kind of code: each part of the corpus as a compilation of its own, measured like the whole.
        Console.WriteLine();
        Console.WriteLine("== Per kind of code (each kind alone, best of the iterations)");
        Console.WriteLine($"  {"kind",-9} {"files",5} {"lines",8} {"compile",11} {"ours",10} {"ours/compile",12} {"ours/1k lines",13}");
        foreach (var kind in new[] { CorpusFileKind.Ordinary, CorpusFileKind.Socket })
        {
            var ofKind = files.Where(f => f.Kind == kind).ToList();
            var part = Measure.Compile(ofKind, enabledIds, token);
            var partCompile = new List<TimeSpan>();
            var partOurs = new List<TimeSpan>();
            for (int i = 0; i < iterations; i++)
            {
                partCompile.Add(Measure.Binding(part, token).Time);
                partOurs.Add((await Measure.Analyze(part, ours, token)).Total);
            }

            var (c, o) = (Measure.Best(partCompile), Measure.Best(partOurs));
            int lines = ofKind.Sum(f => f.Lines);
            Console.WriteLine($"  {kind,-9} {ofKind.Count,5} {lines,8:N0} {Ms(c),11} {Ms(o),10} {Ratio(o, c),12:P1} {Ms(o * 1000 / lines),13}");
        }

        // ---- Per-file split.
        Console.WriteLine();
        Console.WriteLine("== Per file (files bound, then analyzed, one by one, as an IDE does per document; one run)");
        var perFile = await Measure.PerFile(compilation, files, ours, token);
        Console.WriteLine($"  {"kind",-9} {"files",5} {"lines",7} {"compile",11} {"ours",10} {"ours/compile",12} {"ours/file",10} {"max file",10} {"ours/1k lines",13}");
        foreach (var kind in new[] { CorpusFileKind.Ordinary, CorpusFileKind.Socket })
        {
            var ofKind = perFile.Where(p => p.File.Kind == kind).ToList();
            var compileOfKind = ofKind.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Compile);
            var total = ofKind.Aggregate(TimeSpan.Zero, (sum, p) => sum + p.Time);
            var lines = ofKind.Sum(p => p.File.Lines);
            Console.WriteLine($"  {kind,-9} {ofKind.Count,5} {lines,7:N0} {Ms(compileOfKind),11} {Ms(total),10} {Ratio(total, compileOfKind),12:P1} {Ms(total / ofKind.Count),10} {Ms(ofKind.Max(p => p.Time)),10} {Ms(total * 1000 / lines),13}");
        }

        var slowest = perFile.OrderByDescending(p => p.Time).First();
        Console.WriteLine($"  slowest file: {slowest.File.Path} {Ms(slowest.Time)} (the first file also pays the once-per-compilation setup: {perFile[0].File.Path} {Ms(perFile[0].Time)})");
        var slowestAfterFirst = perFile.Skip(1).Max(p => p.Time);
        // The slowest body of the five slowest files, each body analyzed alone: its cost against its own binding.
        var slowestBody = await Measure.SlowestBody(compilation, perFile.Skip(1).OrderByDescending(p => p.Time).Take(5).Select(p => p.File), ours, token);
        Console.WriteLine($"  slowest method body: {slowestBody.Member} {Ms(slowestBody.Time)} (its binding {Ms(slowestBody.Compile)}, {Ratio(slowestBody.Time, slowestBody.Compile):F1}x)");

        // ---- Growth.
        Console.WriteLine();
        Console.WriteLine("== Growth: one method as it grows (best of the iterations; compile = the compiler's binding of that file)");
        var maxMethod = TimeSpan.Zero;
        var statementSizes = quick ? new[] { 10, 100, 1_000 } : new[] { 10, 100, 1_000, 10_000 };
        var statements = await Growth("statements", statementSizes, StressCode.LargeMethod, ours, iterations, token);
        var depths = new[] { 1, 10, 25, 50, 100 };
        var nesting = await Growth("try/catch depth", depths, StressCode.NestedTry, ours, iterations, token);
        foreach (var (name, points) in new[] { ("statements", statements), ("nesting", nesting) })
        {
            maxMethod = points.Select(p => p.Ours).Append(maxMethod).Max();
            var (last, previous) = (points[^1], points[^2]);
            double perUnitGrowth = (last.Ours.TotalMilliseconds / last.Size) / Math.Max(previous.Ours.TotalMilliseconds / previous.Size, 1e-9);
            double exponent = Math.Log(Math.Max(last.Ours.TotalMilliseconds, 1e-3) / Math.Max(previous.Ours.TotalMilliseconds, 1e-3)) / Math.Log((double)last.Size / previous.Size);
            Console.WriteLine($"  {name}: cost per unit at {last.Size} is {perUnitGrowth:F2}x the cost at {previous.Size} (growth exponent {exponent:F2}; 1 = linear)");
            verdicts.Add(($"{name}: growth about linear", perUnitGrowth <= LinearityTolerance, $"{perUnitGrowth:F2}x per unit, exponent {exponent:F2}"));
        }

        verdicts.Add(("no single method > 100 ms", maxMethod <= MethodBudget && slowestAfterFirst <= MethodBudget,
            $"largest growth method {Ms(maxMethod)}; slowest corpus file (a bound on its methods) {Ms(slowestAfterFirst)}"));

        // ---- Verdicts.
        Console.WriteLine();
        Console.WriteLine("== Budgets");
        foreach (var (budget, holds, figures) in verdicts)
        {
            Console.WriteLine($"  {(holds ? "ok    " : "MISSED")} {budget,-36} {figures}");
        }

        return verdicts.All(v => v.Holds) ? 0 : 2;
    }

    private static async Task<int> WriteDiagnostics(string path, bool quick, AnalyzerSet ours, CancellationToken cancellationToken)
    {
        var files = CorpusGenerator.Generate(quick ? QuickShape : CorpusShape.Benchmark).ToList();
        files.AddRange(new[] { 10, 100, 1_000 }.Select(StressCode.LargeMethod));
        files.AddRange(new[] { 1, 10, 50, 100 }.Select(StressCode.NestedTry));
        var run = await Measure.Analyze(Measure.Compile(files, ours.EnabledIds, cancellationToken), ours, cancellationToken);
        var lines = run.Diagnostics
            .Select(d => $"{d.Id} {d.Location.GetLineSpan()} {d.GetMessage(CultureInfo.InvariantCulture)} " +
                         string.Join(";", d.Properties.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + "=" + p.Value)))
            .OrderBy(line => line, StringComparer.Ordinal);
        await System.IO.File.WriteAllLinesAsync(path, lines, cancellationToken);
        Console.WriteLine($"{run.Diagnostics.Length} diagnostics written to {path}; analyzer exceptions: {run.Exceptions.Length}");
        foreach (var exception in run.Exceptions)
        {
            Console.WriteLine(exception);
        }

        return run.Exceptions.IsEmpty ? 0 : 1;
    }

    private static async Task<List<(int Size, TimeSpan Compile, TimeSpan Ours)>> Growth(
        string unit, int[] sizes, Func<int, CorpusFile> generate, AnalyzerSet ours, int iterations, CancellationToken cancellationToken)
    {
        Console.WriteLine($"  {unit,16} {"lines",8} {"compile",10} {"ours",10} {"ours/unit",10} {"ours/compile",12}");
        var points = new List<(int, TimeSpan, TimeSpan)>();
        foreach (int size in sizes)
        {
            var file = generate(size);
            var compilation = Measure.Compile(new[] { file }, ours.EnabledIds, cancellationToken);
            var compile = new List<TimeSpan>();
            var analyzers = new List<TimeSpan>();
            for (int i = 0; i < iterations; i++)
            {
                var (time, diagnostics) = Measure.Binding(compilation, cancellationToken);
                if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
                {
                    throw new InvalidOperationException($"{file.Path} does not compile: {diagnostics.First(d => d.Severity == DiagnosticSeverity.Error)}");
                }

                compile.Add(time);
                var run = await Measure.Analyze(compilation, ours, cancellationToken);
                if (run.Exceptions.Length > 0)
                {
                    throw new InvalidOperationException(string.Join(Environment.NewLine, run.Exceptions));
                }

                analyzers.Add(run.Total);
            }

            var (c, o) = (Measure.Best(compile), Measure.Best(analyzers));
            points.Add((size, c, o));
            Console.WriteLine($"  {size,16:N0} {file.Lines,8:N0} {Ms(c),10} {Ms(o),10} {Us(o / size),10} {Ratio(o, c),12:P1}");
        }

        return points;
    }

    private static double Ratio(TimeSpan part, TimeSpan whole) => whole == TimeSpan.Zero ? double.NaN : part.TotalMilliseconds / whole.TotalMilliseconds;

    private static string Ms(TimeSpan time) => time.TotalMilliseconds.ToString("N1", CultureInfo.InvariantCulture) + " ms";

    private static string Us(TimeSpan time) => (time.TotalMilliseconds * 1000).ToString("N1", CultureInfo.InvariantCulture) + " µs";
}
