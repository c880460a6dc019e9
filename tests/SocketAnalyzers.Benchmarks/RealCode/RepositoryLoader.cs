using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.Cli;

namespace SocketAnalyzers.Benchmarks.RealCode;

/// <summary>One repository of eval/corpus.tsv: its name and the solution the scans load.</summary>
internal sealed record CorpusRepository(string Name, string Commit, string Solution);

/// <summary>One project's compilation as the scanner loaded it (MSBuild or source-only).</summary>
internal sealed record LoadedProject(string Name, LoadMode Mode, CSharpCompilation Compilation);

/// <summary>
/// Loads a repository's projects exactly as <c>socketanalyzers scan</c> does (restore, MSBuildWorkspace, source-only
/// fallback per project), through the scanner itself with a handler that keeps each compilation instead of analyzing it.
/// </summary>
internal static class RepositoryLoader
{
    /// <summary>The repositories of eval/corpus.tsv (copied next to the program), with the solution each is scanned through.</summary>
    public static IReadOnlyList<CorpusRepository> ReadCorpus()
    {
        string list = Path.Combine(AppContext.BaseDirectory, "corpus.tsv");
        return File.ReadAllLines(list)
            .Skip(1)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length >= 5)
            .Select(columns => new CorpusRepository(columns[0], columns[1], columns[4]))
            .ToList();
    }

    /// <summary>The directory a repository is checked out in: CORPUS_DIR/owner+name.</summary>
    public static string Checkout(string corpusDirectory, CorpusRepository repository) =>
        Path.Combine(corpusDirectory, repository.Name.Replace('/', '+'));

    /// <summary>Returns null when MSBuild can be used, else why not (the projects then all load source-only).</summary>
    public static string? RegisterMSBuild()
    {
        if (MSBuildLocator.IsRegistered)
        {
            return null;
        }

        try
        {
            MSBuildLocator.RegisterDefaults();
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return "no .NET SDK with MSBuild found: " + exception.Message;
        }
    }

    /// <summary>The projects that loaded, with every diagnostic of <paramref name="enabledIds"/> turned on, and the scanner's notices (projects skipped).</summary>
    public static async Task<(IReadOnlyList<LoadedProject> Projects, IReadOnlyList<string> Notices)> LoadAsync(
        string solutionPath, bool restore, string? msbuildUnavailable, IEnumerable<string> enabledIds, CancellationToken cancellationToken)
    {
        var target = ScanTarget.Resolve(solutionPath, out string? error);
        if (target is null)
        {
            return (Array.Empty<LoadedProject>(), new[] { error ?? $"{solutionPath} cannot be scanned" });
        }

        var ids = enabledIds.Distinct(StringComparer.Ordinal).ToList();
        var options = new ScanOptions(solutionPath, NoRestore: !restore, SourceOnly: false, SelectedRules: null, AllRules: true, ReportFormat.Text, null, null, null, ShowProgress: false);
        var projects = new List<LoadedProject>();
        async Task<ProjectScan> Keep(Project project, string projectFile, LoadMode mode, string? fallbackReason, CancellationToken token)
        {
            var compilation = await project.GetCompilationAsync(token).ConfigureAwait(false) as CSharpCompilation
                ?? throw new InvalidOperationException($"{project.Name} has no C# compilation.");

            // Sequential binding, like the analyzers' sequential runs, and the compared rules on (CA2000 is off by default).
            var specific = compilation.Options.SpecificDiagnosticOptions.SetItems(ids.Select(id => KeyValuePair.Create(id, ReportDiagnostic.Warn)));
            compilation = compilation.WithOptions(compilation.Options.WithConcurrentBuild(false).WithSpecificDiagnosticOptions(specific));
            projects.Add(new LoadedProject(project.Name, mode, compilation));
            return new ProjectScan(project.Name, projectFile, mode, fallbackReason, project.DocumentIds.Count, 0, TimeSpan.Zero, TimeSpan.Zero,
                Array.Empty<Finding>(), Array.Empty<AnalyzerCrash>(), Array.Empty<FixCheck>());
        }

        var scanner = new Scanner(options, target, ShippedAnalyzers.Load(), new SilentProgress(), Keep);
        var report = await scanner.ScanAsync(msbuildUnavailable, cancellationToken).ConfigureAwait(false);
        return (projects, report.Notices.ToList());
    }

    private sealed class SilentProgress : IScanProgress
    {
        public void Report(string status)
        {
        }
    }
}
