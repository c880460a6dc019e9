using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using SocketAnalyzers.Performance.Corpus;
using SocketAnalyzers.TestSupport;
using Xunit;

namespace SocketAnalyzers.Tests.Performance;

/// <summary>
/// The fast version of the benchmark (tests/SocketAnalyzers.Benchmarks, docs/performance.md): every analyzer of the
/// package, every rule on, over a small generated corpus with a very large method and try/catch nested 100 deep.
/// It asserts completion without analyzer exceptions, not timings (budgets are measured by the benchmark); the
/// cancellation token is only a guard that turns a hang into a failure.
/// </summary>
public sealed class AnalyzerSmokeBenchmarkTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(RuleIds).Assembly.GetTypes()
        .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
        .OrderBy(type => type.FullName, StringComparer.Ordinal)
        .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
        .ToImmutableArray();

    private static readonly ImmutableArray<string> RuleIds = Analyzers
        .SelectMany(analyzer => analyzer.SupportedDiagnostics)
        .Select(descriptor => descriptor.Id)
        .Distinct(StringComparer.Ordinal)
        .OrderBy(id => id, StringComparer.Ordinal)
        .ToImmutableArray();

    [Fact]
    public async Task Every_analyzer_completes_on_the_smoke_corpus_and_every_rule_is_exercised()
    {
        var files = CorpusGenerator.Generate(CorpusShape.Smoke);
        var compilation = Compile(files);
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the generated corpus must compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Take(10)));

        var (diagnostics, exceptions) = await AnalyzeAsync(compilation);

        Assert.True(exceptions.Count == 0, "an analyzer threw:" + Environment.NewLine + string.Join(Environment.NewLine, exceptions));
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "AD0002");

        // The corpus is built to exercise every rule; a rule that stops firing on it is no longer measured.
        var reported = diagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var notExercised = RuleIds.Where(id => !reported.Contains(id)).ToList();
        Assert.True(notExercised.Count == 0, "rules the smoke corpus does not exercise: " + string.Join(", ", notExercised));

        // Ordinary code has no connection: nothing to report there.
        var inOrdinaryCode = diagnostics
            .Where(d => files.Single(f => f.Path == d.Location.SourceTree?.FilePath).Kind == CorpusFileKind.Ordinary)
            .Select(d => $"{d.Id} {d.Location.GetLineSpan()}: {d.GetMessage(CultureInfo.InvariantCulture)}")
            .ToList();
        Assert.True(inOrdinaryCode.Count == 0, "diagnostics in ordinary code:" + Environment.NewLine + string.Join(Environment.NewLine, inOrdinaryCode));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(1_000)]
    [InlineData(5_000)]
    public async Task A_very_large_method_completes(int statements)
    {
        var compilation = Compile(new[] { StressCode.LargeMethod(statements) });
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var (diagnostics, exceptions) = await AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "AD0002");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50)]
    [InlineData(100)]
    public async Task Deeply_nested_try_catch_completes_and_is_still_analyzed(int depth)
    {
        var compilation = Compile(new[] { StressCode.NestedTry(depth) });
        Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

        var (diagnostics, exceptions) = await AnalyzeAsync(compilation);

        Assert.Empty(exceptions);
        Assert.DoesNotContain(diagnostics, d => d.Id is "AD0001" or "AD0002");

        // Each level's catch of a connection error writes again: the engine did not give up on the depth.
        Assert.Contains(diagnostics, d => d.Id == SocketAnalyzers.RuleIds.WriteAfterConnectionError);
    }

    [Fact]
    public void The_generator_is_deterministic_and_the_benchmark_corpus_has_the_promised_shape()
    {
        var first = CorpusGenerator.Generate(CorpusShape.Benchmark);
        var second = CorpusGenerator.Generate(CorpusShape.Benchmark);
        Assert.Equal(first.Select(f => f.Text), second.Select(f => f.Text));

        Assert.True(first.Length >= 300, $"several hundred files, got {first.Length}");
        Assert.True(first.Sum(f => f.Lines) >= 100_000, $"at least 100,000 lines, got {first.Sum(f => f.Lines)}");
        int ordinaryLines = first.Where(f => f.Kind == CorpusFileKind.Ordinary).Sum(f => f.Lines);
        int socketLines = first.Where(f => f.Kind == CorpusFileKind.Socket).Sum(f => f.Lines);
        Assert.True(ordinaryLines > socketLines, "most of the corpus is ordinary code");
        Assert.True(socketLines > 0, "and some of it is socket-heavy");
    }

    /// <summary>
    /// The flow rules share one analysis per body (a table held by the operation tree, and each thread's last body):
    /// whether the driver runs them on one thread or on many, they must report the same diagnostics.
    /// </summary>
    [Fact]
    public async Task Concurrent_and_sequential_analysis_report_the_same_diagnostics()
    {
        var files = CorpusGenerator.Generate(CorpusShape.Smoke);

        var (sequential, sequentialExceptions) = await AnalyzeAsync(Compile(files), concurrent: false);
        var (concurrent, concurrentExceptions) = await AnalyzeAsync(Compile(files), concurrent: true);

        Assert.Empty(sequentialExceptions);
        Assert.Empty(concurrentExceptions);
        Assert.NotEmpty(sequential);
        Assert.Equal(Describe(sequential), Describe(concurrent));
    }

    private static IEnumerable<string> Describe(ImmutableArray<Diagnostic> diagnostics) => diagnostics
        .Select(d => $"{d.Id} {d.Location.SourceTree?.FilePath}{d.Location.GetLineSpan().Span} {d.GetMessage(CultureInfo.InvariantCulture)}")
        .OrderBy(line => line, StringComparer.Ordinal);

    private static CSharpCompilation Compile(IEnumerable<CorpusFile> files)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        return CSharpCompilation.Create(
            "SmokeCorpus",
            files.Select(file => CSharpSyntaxTree.ParseText(file.Text, parseOptions, path: file.Path)),
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(RuleIds.ToDictionary(id => id, _ => ReportDiagnostic.Warn)));
    }

    private static async Task<(ImmutableArray<Diagnostic> Diagnostics, List<string> Exceptions)> AnalyzeAsync(Compilation compilation, bool concurrent = true)
    {
        var exceptions = new List<string>();
        var options = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (exceptions)
                {
                    exceptions.Add(analyzer.GetType().Name + ": " + exception);
                }
            },
            concurrentAnalysis: concurrent,
            logAnalyzerExecutionTime: false);
        using var hangGuard = new CancellationTokenSource(HangGuard);
        var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(hangGuard.Token);
        return (diagnostics, exceptions);
    }
}
