using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace SocketAnalyzers.Robustness;

/// <summary>What one analysis of one input produced.</summary>
internal sealed record AnalysisOutcome(
    ImmutableArray<Diagnostic> Diagnostics,
    ImmutableArray<string> AnalyzerFailures,
    ImmutableArray<Diagnostic> CompilerErrors,
    bool TimedOut,
    TimeSpan Elapsed,
    TimeSpan AnalyzerTime,
    string SlowestAnalyzer,
    string? SlowestBody,
    TimeSpan SlowestBodyElapsed);

/// <summary>
/// Compiles C# text against the running .NET's assemblies and runs every analyzer of the package on it, every rule
/// on (off-by-default ones too), the way a build does: concurrently, generated code included.
/// </summary>
internal sealed class AnalyzerHost
{
    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private readonly ImmutableArray<MetadataReference> _references;
    private readonly ImmutableArray<DiagnosticAnalyzer> _analyzers;
    private readonly CSharpCompilationOptions _options;

    public AnalyzerHost()
    {
        // The shared framework's assemblies, as a project targeting this .NET sees them.
        var framework = Path.GetDirectoryName(typeof(object).Assembly.Location);
        _references = ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == framework)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
        _analyzers = typeof(SocketAnalyzers.RuleIds).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!)
            .ToImmutableArray();
        var everyRuleOn = _analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics)
            .Select(descriptor => descriptor.Id)
            .Distinct()
            .ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn);
        _options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable)
            .WithSpecificDiagnosticOptions(everyRuleOn);
    }

    public AnalysisOutcome Analyze(string path, string text, TimeSpan timeout, bool timeBodies = false)
    {
        var tree = CSharpSyntaxTree.ParseText(text, ParseOptions, path);
        var compilation = CSharpCompilation.Create("Input", new[] { tree }, _references, _options);
        var failures = new List<string>();
        var analysisOptions = new CompilationWithAnalyzersOptions(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: (exception, analyzer, _) =>
            {
                lock (failures)
                {
                    failures.Add($"{analyzer.GetType().Name}: {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{StackTop(exception)}");
                }
            },
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true);

        using var timeoutSource = new CancellationTokenSource(timeout);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var withAnalyzers = compilation.WithAnalyzers(_analyzers, analysisOptions);
            var diagnostics = withAnalyzers.GetAnalyzerDiagnosticsAsync(timeoutSource.Token).GetAwaiter().GetResult();
            stopwatch.Stop();
            foreach (var diagnostic in diagnostics.Where(d => d.Id is "AD0001" or "AD0002"))
            {
                failures.Add(diagnostic.ToString());
            }

            var (slowest, slowestElapsed) = timeBodies ? SlowestBody(compilation, tree, analysisOptions, timeoutSource.Token) : (null, TimeSpan.Zero);
            var errors = compilation.GetDiagnostics(timeoutSource.Token).Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
            var analyzerTime = TimeSpan.Zero;
            var slowestAnalyzer = (Name: "", Time: TimeSpan.Zero);
            foreach (var analyzer in _analyzers)
            {
                var time = withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, timeoutSource.Token).GetAwaiter().GetResult().ExecutionTime;
                analyzerTime += time;
                if (time > slowestAnalyzer.Time)
                {
                    slowestAnalyzer = (analyzer.GetType().Name, time);
                }
            }

            return new AnalysisOutcome(
                diagnostics, failures.ToImmutableArray(), errors, false, stopwatch.Elapsed, analyzerTime,
                $"{slowestAnalyzer.Name} {slowestAnalyzer.Time.TotalMilliseconds:F0} ms", slowest, slowestElapsed);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested)
        {
            return new AnalysisOutcome(ImmutableArray<Diagnostic>.Empty, failures.ToImmutableArray(), ImmutableArray<Diagnostic>.Empty, true, stopwatch.Elapsed, TimeSpan.Zero, "", null, TimeSpan.Zero);
        }
    }

    /// <summary>
    /// The member whose analysis alone takes longest: each member's span analyzed on a fresh compilation of the same
    /// text, after the compiler has bound it, so the time is the analyzers' own.
    /// </summary>
    private (string?, TimeSpan) SlowestBody(Compilation compilation, SyntaxTree tree, CompilationWithAnalyzersOptions options, CancellationToken cancellationToken)
    {
        string? slowest = null;
        var slowestElapsed = TimeSpan.Zero;
        foreach (var member in tree.GetRoot(cancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.BaseMethodDeclarationSyntax>())
        {
            var fresh = compilation.RemoveAllSyntaxTrees().AddSyntaxTrees(tree);
            var model = fresh.GetSemanticModel(tree);
            model.GetDiagnostics(member.Span, cancellationToken);
            var withAnalyzers = fresh.WithAnalyzers(_analyzers, options);
            var stopwatch = Stopwatch.StartNew();
            withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, member.Span, cancellationToken).GetAwaiter().GetResult();
            stopwatch.Stop();
            if (stopwatch.Elapsed > slowestElapsed)
            {
                slowestElapsed = stopwatch.Elapsed;
                slowest = $"{tree.FilePath}:{member.GetLocation().GetLineSpan().StartLinePosition.Line + 1}";
            }
        }

        return (slowest, slowestElapsed);
    }

    private static string StackTop(Exception exception) =>
        string.Join(Environment.NewLine, (exception.StackTrace ?? "").Split('\n').Take(8).Select(line => line.TrimEnd()));
}
