using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;

namespace SocketAnalyzers.Robustness;

/// <summary>
/// <code>
/// analyze FILE...                                  analyze files; print their diagnostics
/// fuzz --root REPO [--seed S] [--count N]          analyze N seeded mutants of the project's own sources
/// deep [--chain N] [--depth D] [--only TEXT] [--repeat N]  analyze long chains and deep nesting (those whose name has TEXT), each N times (warm timings)
/// common: [--out DIR] (current input and failures are written there) [--timeout SECONDS] [--time-bodies] [--verbose]
/// </code>
/// Exit code 0: every input analyzed, no analyzer exception, no AD0001, no time-out; 3: some failed (listed);
/// 2: bad arguments. A crash of the process is seen by the caller as any other exit code, and the input that
/// caused it is in DIR/current.cs.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: analyze FILE... | fuzz --root REPO [--seed S] [--count N] | deep [--chain N] [--depth D]; [--out DIR] [--timeout SECONDS] [--time-bodies]");
            return 2;
        }

        var options = ParseOptions(args.Skip(1), out var files);
        var output = options.GetValueOrDefault("out") ?? Path.Combine(Path.GetTempPath(), "socketanalyzers-robustness");
        Directory.CreateDirectory(output);
        var timeout = TimeSpan.FromSeconds(Number(options, "timeout", 60));
        IEnumerable<(string Name, string Detail, string Text)> inputs = args[0] switch
        {
            "analyze" => files.Select(file => (file, "file", File.ReadAllText(file))),
            "fuzz" => Mutator.Generate(Sources(options.GetValueOrDefault("root") ?? "."), Number(options, "seed", 1), Number(options, "count", 200))
                .Select(mutant => (mutant.Source, mutant.Mutation, mutant.Text)),
            "deep" => DeepInputs.All(Number(options, "chain", 2_000), Number(options, "depth", 300))
                .Where(source => options.GetValueOrDefault("only") is not { } only || source.Name.Contains(only, StringComparison.Ordinal))
                .SelectMany(source => Enumerable.Repeat(source, Number(options, "repeat", 1)))
                .Select(source => (source.Name, "deep", source.Text)),
            _ => Enumerable.Empty<(string, string, string)>(),
        };
        if (args[0] is not ("analyze" or "fuzz" or "deep"))
        {
            Console.Error.WriteLine($"unknown command '{args[0]}'");
            return 2;
        }

        // The generated deep inputs are valid programs: one that does not compile tests less than it claims.
        return Run(inputs, args[0] == "analyze", args[0] == "deep", output, timeout, options.ContainsKey("time-bodies"), options.ContainsKey("verbose"));
    }

    private static int Run(IEnumerable<(string Name, string Detail, string Text)> inputs, bool printDiagnostics, bool mustCompile, string output, TimeSpan timeout, bool timeBodies, bool verbose)
    {
        var host = new AnalyzerHost();
        var count = 0;
        var failures = 0;
        var slowest = (Name: "", Elapsed: TimeSpan.Zero);
        var slowestBody = (Name: "", Elapsed: TimeSpan.Zero);
        foreach (var input in inputs)
        {
            count++;
            // Written before the analysis: if the process dies, this is the input that killed it.
            File.WriteAllText(Path.Combine(output, "current.cs"), input.Text);
            File.WriteAllText(Path.Combine(output, "current.txt"), $"{input.Name}: {input.Detail}");
            var outcome = host.Analyze("Input.cs", input.Text, timeout, timeBodies);
            // The analyzers' own time (their telemetry), not the wall clock, which also counts the compiler's binding
            // and whatever else the machine is doing.
            if (outcome.AnalyzerTime > slowest.Elapsed)
            {
                slowest = ($"{input.Name} ({input.Detail})", outcome.AnalyzerTime);
            }

            if (outcome.SlowestBodyElapsed > slowestBody.Elapsed)
            {
                slowestBody = ($"{input.Name}, member at {outcome.SlowestBody}", outcome.SlowestBodyElapsed);
            }

            if (printDiagnostics)
            {
                foreach (var diagnostic in outcome.Diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
                {
                    Console.WriteLine($"{input.Name}({diagnostic.Location.GetLineSpan().StartLinePosition.Line + 1}): {diagnostic.Id} {diagnostic.GetMessage(CultureInfo.InvariantCulture)}");
                }
            }

            if (verbose)
            {
                Console.WriteLine($"{input.Name} ({input.Detail}): {outcome.Elapsed.TotalMilliseconds:F0} ms ({outcome.AnalyzerTime.TotalMilliseconds:F0} ms in the analyzers, slowest {outcome.SlowestAnalyzer}), {outcome.Diagnostics.Length} diagnostics, {outcome.CompilerErrors.Length} compiler errors");
            }

            var notCompiling = mustCompile && outcome.CompilerErrors.Length > 0;
            if (outcome.AnalyzerFailures.Length > 0 || outcome.TimedOut || notCompiling)
            {
                failures++;
                var saved = Path.Combine(output, $"failure-{failures}.cs");
                File.WriteAllText(saved, input.Text);
                Console.WriteLine($"FAILURE {input.Name} ({input.Detail}), saved as {saved}:");
                Console.WriteLine(outcome.TimedOut ? $"  timed out after {timeout.TotalSeconds} s"
                    : notCompiling ? "  does not compile: " + string.Join(Environment.NewLine + "  ", outcome.CompilerErrors.Take(5))
                    : "  " + string.Join(Environment.NewLine + "  ", outcome.AnalyzerFailures));
            }
        }

        File.Delete(Path.Combine(output, "current.cs"));
        File.Delete(Path.Combine(output, "current.txt"));
        Console.WriteLine($"inputs: {count}, failures: {failures}, slowest input: {slowest.Elapsed.TotalMilliseconds:F0} ms in the analyzers ({slowest.Name})" +
                          (timeBodies ? $", slowest member: {slowestBody.Elapsed.TotalMilliseconds:F0} ms ({slowestBody.Name})" : ""));
        return failures == 0 ? 0 : 3;
    }

    private static IReadOnlyList<FuzzSource> Sources(string repositoryRoot)
    {
        var sources = FuzzSources.Collect(repositoryRoot);
        Console.WriteLine($"sources: {sources.Count}");
        return sources;
    }

    private static Dictionary<string, string?> ParseOptions(IEnumerable<string> args, out List<string> positional)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        positional = new List<string>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = list[i].Substring(2);
                options[name] = name is "time-bodies" or "verbose" || i + 1 >= list.Count ? null : list[++i];
            }
            else
            {
                positional.Add(list[i]);
            }
        }

        return options;
    }

    private static int Number(Dictionary<string, string?> options, string name, int fallback) =>
        options.TryGetValue(name, out var value) && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : fallback;
}
