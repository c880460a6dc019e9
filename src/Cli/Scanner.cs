using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.MSBuild;

namespace SocketAnalyzers.Cli;

/// <summary>Where a long scan tells what it is doing (the progress display, or nothing).</summary>
internal interface IScanProgress
{
    void Report(string status);
}

/// <summary>What is done with each loaded project: the scan's analysis, or (the benchmark) its own measurements.</summary>
internal delegate Task<ProjectScan> ProjectHandler(Project project, string projectFile, LoadMode mode, string? fallbackReason, CancellationToken cancellationToken);

/// <summary>
/// Loads the target's projects (through MSBuild, or source-only for a project that cannot load or restore),
/// runs the shipped analyzers on each, and collects what they found.
/// </summary>
internal sealed class Scanner
{
    private static readonly HashSet<string> CoreLibraries = new(StringComparer.OrdinalIgnoreCase)
    {
        "System.Runtime.dll", "mscorlib.dll", "netstandard.dll", "System.Private.CoreLib.dll",
    };

    /// <summary>NuGet's "unable to find/resolve package" errors (NU1100-NU1109), replayed by a build from a failed restore (code or text).</summary>
    private static readonly Regex UnresolvedPackage = new(@"\bNU110\d\b|Unable to find (a stable )?package|Unable to resolve '", RegexOptions.Compiled);

    /// <summary>The wrapper MSBuildWorkspace puts around every build message: the project is named elsewhere already.</summary>
    private static readonly Regex BuildMessagePrefix = new(@"^Msbuild failed when processing the file '[^']*' with message: ", RegexOptions.Compiled);

    private readonly ScanOptions options;
    private readonly ScanTarget target;
    private readonly IScanProgress progress;
    private readonly ShippedAnalyzers shipped;
    private readonly ProjectAnalysis analysis;
    private readonly ProjectHandler handleProject;
    private readonly List<string> notices = new();
    private readonly AdhocWorkspace sourceOnlyWorkspace = new();
    private readonly Dictionary<string, Project> sourceOnlyProjects = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Project> loadedProjects = new(StringComparer.Ordinal);
    private readonly IReadOnlyList<string> projectFiles;

    /// <param name="handleProject">Instead of the analysis, what to do with each project once loaded (the benchmark's measurements).</param>
    public Scanner(ScanOptions options, ScanTarget target, ShippedAnalyzers shipped, IScanProgress progress, ProjectHandler? handleProject = null)
    {
        this.options = options;
        this.target = target;
        this.shipped = shipped;
        this.progress = progress;
        analysis = new ProjectAnalysis(shipped, options, target.Root);
        this.handleProject = handleProject ?? analysis.RunAsync;
        projectFiles = target.ProjectFiles.Where(File.Exists).ToList();
        foreach (string missing in target.ProjectFiles.Where(file => !File.Exists(file)))
        {
            notices.Add($"{analysis.RelativePath(missing)} is listed but does not exist; skipped.");
        }
    }

    /// <param name="msbuildUnavailable">Why MSBuild cannot be used here (no SDK found), or null when it can.</param>
    public async Task<ScanReport> ScanAsync(string? msbuildUnavailable, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var scans = new List<ProjectScan>();
        try
        {
            if (!target.HasProjects)
            {
                await ScanFolderAsync(scans, cancellationToken).ConfigureAwait(false);
            }
            else if (options.SourceOnly || msbuildUnavailable is not null)
            {
                string reason = options.SourceOnly ? "--source-only" : msbuildUnavailable!;
                for (int index = 0; index < projectFiles.Count; index++)
                {
                    string projectFile = projectFiles[index];
                    progress.Report($"Analyzing {Path.GetFileName(projectFile)} ({index + 1}/{projectFiles.Count}, source only)");
                    await AddScanAsync(scans, projectFile, () => ScanSourceOnlyAsync(projectFile, reason, cancellationToken)).ConfigureAwait(false);
                }
            }
            else
            {
                await ScanWithMSBuildAsync(scans, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            sourceOnlyWorkspace.Dispose();
        }

        return new ScanReport(
            RelativeTarget(),
            target.Root,
            scans,
            shipped.Describe(),
            notices,
            BaselineMatched: 0,
            clock.Elapsed)
        {
            FixesVerified = options.VerifyFixes,
            FailOnBrokenFixes = options.FailOnBrokenFixes,
        };
    }

    private string RelativeTarget()
    {
        string relative = analysis.RelativePath(target.Path);
        return relative is "." or "" ? Path.GetFileName(target.Root) : relative;
    }

    private async Task ScanFolderAsync(List<ProjectScan> scans, CancellationToken cancellationToken)
    {
        progress.Report("Reading source files");
        var files = ScanTarget.SourceFiles(target.Root).ToList();
        if (files.Count == 0)
        {
            notices.Add($"No C# files under {target.Root}.");
            return;
        }

        string name = Path.GetFileName(target.Root);
        Project project = SourceOnlyProject.Create(sourceOnlyWorkspace, name, files, Array.Empty<MetadataReference>());
        progress.Report($"Analyzing {name} ({files.Count} files, source only)");
        string reason = options.SourceOnly ? "--source-only" : "the folder has no project file";
        scans.Add(await handleProject(project, target.Root, LoadMode.SourceOnly, reason, cancellationToken).ConfigureAwait(false));
    }

    private async Task ScanWithMSBuildAsync(List<ProjectScan> scans, CancellationToken cancellationToken)
    {
        var restoreErrors = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!options.NoRestore)
        {
            foreach (string restored in target.EntryFile is not null ? new[] { target.EntryFile } : projectFiles)
            {
                progress.Report($"Restoring {Path.GetFileName(restored)}");
                RestoreResult restore = await Restore.RunAsync(restored, cancellationToken).ConfigureAwait(false);
                foreach (KeyValuePair<string, string> error in restore.ErrorsByProject)
                {
                    restoreErrors.TryAdd(error.Key, error.Value);
                }

                if (!restore.Succeeded && restore.GeneralError is not null)
                {
                    notices.Add($"Restore of {analysis.RelativePath(restored)} failed: {restore.GeneralError}");
                    if (restored.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
                    {
                        restoreErrors.TryAdd(restored, restore.GeneralError);
                    }
                }
            }
        }

        using var workspace = MSBuildWorkspace.Create();
        var workspaceFailures = new List<string>();
        workspace.WorkspaceFailed += (_, e) =>
        {
            if (e.Diagnostic.Kind == WorkspaceDiagnosticKind.Failure)
            {
                lock (workspaceFailures)
                {
                    workspaceFailures.Add(e.Diagnostic.Message);
                }
            }
        };

        var openFailures = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int index = 0; index < projectFiles.Count; index++)
        {
            string projectFile = projectFiles[index];
            if (ProjectsAt(workspace.CurrentSolution, projectFile).Any())
            {
                continue;
            }

            progress.Report($"Loading {Path.GetFileName(projectFile)} ({index + 1}/{projectFiles.Count})");
            try
            {
                await workspace.OpenProjectAsync(projectFile, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                openFailures[projectFile] = exception.Message;
            }
        }

        foreach (Project loaded in workspace.CurrentSolution.Projects.Where(project => project.FilePath is not null))
        {
            loadedProjects.TryAdd(loaded.FilePath!, loaded);
        }

        for (int index = 0; index < projectFiles.Count; index++)
        {
            string projectFile = projectFiles[index];
            string? failure = LoadFailure(projectFile, openFailures, restoreErrors, workspaceFailures);
            if (failure is null)
            {
                progress.Report($"Analyzing {Path.GetFileName(projectFile)} ({index + 1}/{projectFiles.Count})");
                await AddScanAsync(scans, projectFile, () => handleProject(loadedProjects[projectFile], projectFile, LoadMode.MSBuild, null, cancellationToken)).ConfigureAwait(false);
            }
            else
            {
                loadedProjects.Remove(projectFile);
                progress.Report($"Analyzing {Path.GetFileName(projectFile)} ({index + 1}/{projectFiles.Count}, source only)");
                await AddScanAsync(scans, projectFile, () => ScanSourceOnlyAsync(projectFile, failure, cancellationToken)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One project that cannot be scanned at all (an unreadable folder, say) is said and skipped; the others still are.</summary>
    private async Task AddScanAsync(List<ProjectScan> scans, string projectFile, Func<Task<ProjectScan>> scan)
    {
        try
        {
            scans.Add(await scan().ConfigureAwait(false));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            notices.Add($"{analysis.RelativePath(projectFile)} could not be scanned: {exception.GetType().Name}: {OneLine(exception.Message)}");
        }
    }

    /// <summary>Why a project cannot be analyzed with its MSBuild references, or null when it can.</summary>
    private string? LoadFailure(
        string projectFile,
        IReadOnlyDictionary<string, string> openFailures,
        IReadOnlyDictionary<string, string> restoreErrors,
        IReadOnlyList<string> workspaceFailures)
    {
        if (openFailures.TryGetValue(projectFile, out string? openFailure))
        {
            return "could not load: " + openFailure;
        }

        if (restoreErrors.TryGetValue(projectFile, out string? restoreError))
        {
            return "restore failed: " + restoreError;
        }

        // MSBuildWorkspace reports the build's warnings (a package resolved at a higher version, say) the same way as
        // its errors, so a message alone does not make a project fall back: only one that says it was never restored.
        var buildMessages = workspaceFailures.Where(message => message.Contains(projectFile, StringComparison.Ordinal)).ToList();
        string? notRestored = buildMessages.FirstOrDefault(message =>
            message.Contains("project.assets.json", StringComparison.Ordinal) || UnresolvedPackage.IsMatch(message));
        if (notRestored is not null)
        {
            return "not restored: " + OneLine(notRestored);
        }

        if (!loadedProjects.TryGetValue(projectFile, out Project? project))
        {
            return buildMessages.Count > 0 ? "MSBuild did not load it: " + OneLine(buildMessages[0]) : "MSBuild did not load it";
        }

        if (!project.MetadataReferences.OfType<PortableExecutableReference>().Any(reference => CoreLibraries.Contains(Path.GetFileName(reference.FilePath ?? string.Empty))))
        {
            return buildMessages.Count > 0
                ? "MSBuild resolved no framework reference: " + OneLine(buildMessages[0])
                : "MSBuild resolved no framework reference for it";
        }

        foreach (string message in buildMessages)
        {
            notices.Add($"{Path.GetFileName(projectFile)}: {OneLine(message)}");
        }

        return null;
    }

    private async Task<ProjectScan> ScanSourceOnlyAsync(string projectFile, string reason, CancellationToken cancellationToken)
    {
        Project project = await SourceOnlyAsync(projectFile, new HashSet<string>(StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return await handleProject(project, projectFile, LoadMode.SourceOnly, reason, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The source-only project of a project file, referencing the projects it references (their MSBuild compilation
    /// when they loaded, else their own source-only one), so types of sibling projects still bind.
    /// </summary>
    private async Task<Project> SourceOnlyAsync(string projectFile, HashSet<string> visiting, CancellationToken cancellationToken)
    {
        if (sourceOnlyProjects.TryGetValue(projectFile, out Project? existing))
        {
            return existing;
        }

        visiting.Add(projectFile);
        var references = new List<MetadataReference>();
        foreach (string referenced in ProjectFile.ProjectReferences(projectFile))
        {
            if (visiting.Contains(referenced))
            {
                continue;
            }

            Project referencedProject = loadedProjects.TryGetValue(referenced, out Project? loaded)
                ? loaded
                : await SourceOnlyAsync(referenced, visiting, cancellationToken).ConfigureAwait(false);
            Compilation? compilation = await referencedProject.GetCompilationAsync(cancellationToken).ConfigureAwait(false);
            if (compilation is not null)
            {
                references.Add(compilation.ToMetadataReference());
            }
        }

        visiting.Remove(projectFile);
        Project project = SourceOnlyProject.Create(
            sourceOnlyWorkspace,
            Path.GetFileNameWithoutExtension(projectFile),
            ProjectFile.SourceFiles(projectFile),
            references);
        sourceOnlyProjects[projectFile] = project;
        return project;
    }

    private static IEnumerable<Project> ProjectsAt(Solution solution, string projectFile) =>
        solution.Projects.Where(project => string.Equals(project.FilePath, projectFile, StringComparison.Ordinal));

    private static string OneLine(string text)
    {
        text = BuildMessagePrefix.Replace(text, string.Empty);
        string firstLine = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? text;
        return firstLine.Length > 300 ? firstLine[..300] + "…" : firstLine;
    }
}
