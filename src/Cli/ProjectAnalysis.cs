using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Cli;

/// <summary>Compiles one project, runs the shipped analyzers on it and turns their diagnostics into findings.</summary>
internal sealed class ProjectAnalysis
{
    private readonly ShippedAnalyzers shipped;
    private readonly ScanOptions options;
    private readonly string root;

    public ProjectAnalysis(ShippedAnalyzers shipped, ScanOptions options, string root)
    {
        this.shipped = shipped;
        this.options = options;
        this.root = root;
    }

    public async Task<ProjectScan> RunAsync(
        Project project,
        string projectPath,
        LoadMode mode,
        string? fallbackReason,
        CancellationToken cancellationToken)
    {
        var compileClock = Stopwatch.StartNew();
        Compilation compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException($"{project.Name} has no compilation.");
        int compileErrors = compilation.GetDiagnostics(cancellationToken).Count(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
        compileClock.Stop();

        var options = compilation.Options.WithSpecificDiagnosticOptions(
            shipped.SeverityOverrides(compilation.Options.SpecificDiagnosticOptions, this.options.SelectedRules, this.options.AllRules));
        var crashes = new ConcurrentBag<AnalyzerCrash>();
        var analyzerOptions = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => crashes.Add(Crash(project.Name, analyzer, exception)),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithOptions(options).WithAnalyzers(shipped.Analyzers, analyzerOptions);
        AnalysisResult result = await withAnalyzers.GetAnalysisResultAsync(cancellationToken).ConfigureAwait(false);
        ImmutableArray<Diagnostic> diagnostics = result.GetAllDiagnostics();

        // The analyzers' own time (summed over threads), not the driver's wall clock, which also binds the code again.
        TimeSpan analyzerTime = result.AnalyzerTelemetryInfo.Values.Aggregate(TimeSpan.Zero, (sum, telemetry) => sum + telemetry.ExecutionTime);

        var reported = diagnostics
            .Where(diagnostic => ShippedAnalyzers.IsRuleId(diagnostic.Id)
                && !diagnostic.IsSuppressed
                && diagnostic.Severity != DiagnosticSeverity.Hidden
                && (this.options.SelectedRules is null || this.options.SelectedRules.Contains(diagnostic.Id)))
            .ToList();
        var findings = reported
            .Select(diagnostic => ToFinding(diagnostic, project.Name))
            .Where(finding => finding is not null)
            .Select(finding => finding!)
            .Distinct()
            .ToList();

        IReadOnlyList<FixCheck> fixChecks = Array.Empty<FixCheck>();
        if (this.options.VerifyFixes)
        {
            // New diagnostics of any rule count, whatever --rules reported.
            Compilation WithEveryRule(Compilation fixedCompilation) => fixedCompilation.WithOptions(fixedCompilation.Options.WithSpecificDiagnosticOptions(
                shipped.SeverityOverrides(fixedCompilation.Options.SpecificDiagnosticOptions, selectedRules: null, allRules: true)));
            var verifier = new FixVerifier(shipped.Analyzers, FixVerifier.ShippedFixes(), RelativePath);
            fixChecks = await verifier.VerifyAsync(project, reported.Where(diagnostic => diagnostic.Location.IsInSource), WithEveryRule, cancellationToken).ConfigureAwait(false);
        }

        return new ProjectScan(
            project.Name,
            RelativePath(projectPath),
            mode,
            fallbackReason,
            project.DocumentIds.Count,
            compileErrors,
            compileClock.Elapsed,
            analyzerTime,
            findings,
            crashes.OrderBy(crash => crash.Analyzer, StringComparer.Ordinal).ToList(),
            fixChecks);
    }

    /// <summary>A path relative to the scanned root with forward slashes, or the full path when outside it.</summary>
    public string RelativePath(string path)
    {
        string relative = Path.GetRelativePath(root, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative)
            ? path.Replace('\\', '/')
            : relative.Replace('\\', '/');
    }

    private Finding? ToFinding(Diagnostic diagnostic, string projectName)
    {
        Location location = diagnostic.Location;
        if (!location.IsInSource || location.SourceTree is null)
        {
            return null;
        }

        FileLinePositionSpan span = location.GetLineSpan();
        SourceText text = location.SourceTree.GetText();
        int lineIndex = span.StartLinePosition.Line;
        string lineText = lineIndex < text.Lines.Count ? text.Lines[lineIndex].ToString() : string.Empty;
        return new Finding(
            diagnostic.Id,
            diagnostic.Severity.ToString(),
            RelativePath(span.Path),
            lineIndex + 1,
            span.StartLinePosition.Character + 1,
            diagnostic.GetMessage(System.Globalization.CultureInfo.CurrentUICulture),
            diagnostic.Descriptor.HelpLinkUri,
            LineHash.Of(lineText),
            projectName);
    }

    /// <summary>The exception and the top of its stack: enough to find the failing rule code without the full trace.</summary>
    private static AnalyzerCrash Crash(string projectName, DiagnosticAnalyzer analyzer, Exception exception)
    {
        string stackTop = string.Join(
            Environment.NewLine,
            (exception.StackTrace ?? string.Empty)
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(5));
        return new AnalyzerCrash(projectName, analyzer.GetType().Name, exception.GetType().FullName ?? exception.GetType().Name, exception.Message, stackTop);
    }
}
