using System;
using System.Collections.Generic;
using System.Linq;

namespace SocketAnalyzers.Cli;

/// <summary>One diagnostic of a rule, placed by a path relative to the scanned root.</summary>
/// <param name="File">Relative to the scanned root, with forward slashes (absolute when outside it).</param>
/// <param name="LineHash">The hash of the finding's normalized source line (<see cref="LineHash"/>): what baselines and triage match on.</param>
internal sealed record Finding(
    string RuleId,
    string Severity,
    string File,
    int Line,
    int Column,
    string Message,
    string HelpLink,
    string LineHash,
    string Project);

/// <summary>An exception an analyzer threw (reported by Roslyn as AD0001): the analysis of that code is incomplete.</summary>
internal sealed record AnalyzerCrash(string Project, string Analyzer, string ExceptionType, string Message, string StackTop);

internal enum LoadMode
{
    /// <summary>Loaded through MSBuild with the project's real references.</summary>
    MSBuild,

    /// <summary>Its .cs files compiled against the running .NET's reference assemblies.</summary>
    SourceOnly,
}

/// <summary>What the scan of one project (or of one source-only folder) found and what it cost.</summary>
internal sealed record ProjectScan(
    string Name,
    string Path,
    LoadMode Mode,
    string? FallbackReason,
    int SourceFiles,
    int CompileErrors,
    TimeSpan CompileTime,
    TimeSpan AnalyzerTime,
    IReadOnlyList<Finding> Findings,
    IReadOnlyList<AnalyzerCrash> Crashes,
    IReadOnlyList<FixCheck> FixChecks);

/// <summary>The rules the scan ran, for reports that describe them (SARIF's rule table).</summary>
internal sealed record RuleDescription(string Id, string Title, string DefaultSeverity, bool EnabledByDefault, string HelpLink);

/// <summary>The result of one scan, after the baseline; every report is written from it.</summary>
internal sealed record ScanReport(
    string Target,
    string Root,
    IReadOnlyList<ProjectScan> Projects,
    IReadOnlyList<RuleDescription> Rules,
    IReadOnlyList<string> Notices,
    int BaselineMatched,
    TimeSpan Elapsed)
{
    /// <summary>Every reported finding, in file and line order; a finding that two projects share (a linked file, two target frameworks) once.</summary>
    public IReadOnlyList<Finding> Findings => Projects
        .SelectMany(project => project.Findings)
        .DistinctBy(Baseline.Identity)
        .OrderBy(finding => finding.File, StringComparer.Ordinal)
        .ThenBy(finding => finding.Line)
        .ThenBy(finding => finding.Column)
        .ThenBy(finding => finding.RuleId, StringComparer.Ordinal)
        .ToList();

    public IReadOnlyList<AnalyzerCrash> Crashes => Projects.SelectMany(project => project.Crashes).ToList();

    /// <summary>What <c>--verify-fixes</c> found, a check per finding and action; a finding two projects share once.</summary>
    public IReadOnlyList<FixCheck> FixChecks => Projects
        .SelectMany(project => project.FixChecks)
        .DistinctBy(check => (check.RuleId, check.File, check.Line, check.Action))
        .OrderBy(check => check.File, StringComparer.Ordinal)
        .ThenBy(check => check.Line)
        .ThenBy(check => check.RuleId, StringComparer.Ordinal)
        .ToList();

    /// <summary>Set by <c>--verify-fixes</c>: the reports show <see cref="FixChecks"/>, even when there are none.</summary>
    public bool FixesVerified { get; init; }

    /// <summary>Set by <c>--fail-on-broken-fixes</c>: a fix that breaks something makes the exit code <see cref="ExitCodes.BrokenFixes"/>.</summary>
    public bool FailOnBrokenFixes { get; init; }

    public int ExitCode =>
        FailOnBrokenFixes && FixChecks.Any(check => check.Breaks) ? ExitCodes.BrokenFixes
        : Findings.Count == 0 ? ExitCodes.NoFindings
        : ExitCodes.Findings;
}

internal static class ExitCodes
{
    public const int NoFindings = 0;
    public const int Findings = 1;
    public const int Failure = 2;

    /// <summary>Only with <c>--verify-fixes --fail-on-broken-fixes</c>: some code action added an error or a diagnostic, or left its own.</summary>
    public const int BrokenFixes = 3;
}
