using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SocketAnalyzers.Cli;

/// <summary>
/// What a scan path names: the projects to load (from a solution, a project file, or every project under a
/// folder), or, for a folder without projects, just its source files.
/// </summary>
internal sealed record ScanTarget(string Path, string Root, string? EntryFile, IReadOnlyList<string> ProjectFiles)
{
    /// <summary>Folders whose files never belong to the scanned code: build output, tooling state, dependencies.</summary>
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.OrdinalIgnoreCase)
    {
        "bin", "obj", ".git", ".vs", ".idea", "node_modules", "packages", "artifacts", "TestResults",
    };

    public bool HasProjects => ProjectFiles.Count > 0;

    /// <summary>Returns null and an error when the path does not exist or is not something that can be scanned.</summary>
    public static ScanTarget? Resolve(string path, out string? error)
    {
        error = null;
        string fullPath = System.IO.Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            string root = fullPath.TrimEnd(System.IO.Path.DirectorySeparatorChar);
            return new ScanTarget(fullPath, root, EntryFile: null, FindFiles(root, "*.csproj").ToList());
        }

        if (!File.Exists(fullPath))
        {
            error = $"'{path}' does not exist.";
            return null;
        }

        string folder = System.IO.Path.GetDirectoryName(fullPath)!;
        switch (System.IO.Path.GetExtension(fullPath).ToLowerInvariant())
        {
            case ".csproj":
                return new ScanTarget(fullPath, folder, fullPath, new[] { fullPath });
            case ".sln":
                return new ScanTarget(fullPath, folder, fullPath, ProjectsOfSolution(fullPath, File.ReadAllText(fullPath)));
            case ".slnx":
                return new ScanTarget(fullPath, folder, fullPath, ProjectsOfXmlSolution(fullPath));
            default:
                error = $"'{path}' is not a .sln, .slnx or .csproj file, nor a folder.";
                return null;
        }
    }

    /// <summary>The C# source files of a folder and its subfolders, build output and tool folders left out.</summary>
    /// <param name="excludedFolders">Subfolders that belong to other projects (a project's nested projects).</param>
    public static IEnumerable<string> SourceFiles(string folder, IReadOnlyCollection<string>? excludedFolders = null) =>
        FindFiles(folder, "*.cs", excludedFolders);

    private static IEnumerable<string> FindFiles(string folder, string pattern, IReadOnlyCollection<string>? excludedFolders = null)
    {
        var pending = new Stack<string>();
        pending.Push(folder);
        while (pending.Count > 0)
        {
            string current = pending.Pop();
            IEnumerable<string> files;
            IEnumerable<string> subfolders;
            try
            {
                files = Directory.EnumerateFiles(current, pattern).OrderBy(file => file, StringComparer.Ordinal).ToList();
                subfolders = Directory.EnumerateDirectories(current).OrderByDescending(sub => sub, StringComparer.Ordinal).ToList();
            }
            catch (Exception exception) when (exception is UnauthorizedAccessException or IOException)
            {
                continue;
            }

            foreach (string file in files)
            {
                yield return file;
            }

            foreach (string subfolder in subfolders)
            {
                if (!SkippedFolders.Contains(System.IO.Path.GetFileName(subfolder))
                    && (excludedFolders is null || !excludedFolders.Contains(subfolder)))
                {
                    pending.Push(subfolder);
                }
            }
        }
    }

    /// <summary>The C# projects a classic solution lists (solution folders and other languages left out).</summary>
    internal static IReadOnlyList<string> ProjectsOfSolution(string solutionPath, string solutionText)
    {
        string folder = System.IO.Path.GetDirectoryName(solutionPath)!;
        return Regex.Matches(solutionText, @"^Project\(""[^""]*""\)\s*=\s*""[^""]*""\s*,\s*""([^""]+\.csproj)""", RegexOptions.Multiline)
            .Select(match => ProjectPath(folder, match.Groups[1].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private static IReadOnlyList<string> ProjectsOfXmlSolution(string solutionPath)
    {
        string folder = System.IO.Path.GetDirectoryName(solutionPath)!;
        return XDocument.Load(solutionPath)
            .Descendants("Project")
            .Select(project => (string?)project.Attribute("Path"))
            .Where(projectPath => projectPath is not null && projectPath.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))
            .Select(projectPath => ProjectPath(folder, projectPath!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Solutions written on Windows separate folders with backslashes and may spell a folder in another case than
    /// the disk does ("Src" for "src"); on a case-sensitive file system the path is matched to what exists.
    /// </summary>
    internal static string ProjectPath(string baseFolder, string relativePath) =>
        ExistingSpelling(System.IO.Path.GetFullPath(System.IO.Path.Combine(baseFolder, relativePath.Replace('\\', System.IO.Path.DirectorySeparatorChar))));

    private static string ExistingSpelling(string fullPath)
    {
        if (File.Exists(fullPath) || Directory.Exists(fullPath))
        {
            return fullPath;
        }

        string? parent = System.IO.Path.GetDirectoryName(fullPath);
        if (parent is null)
        {
            return fullPath;
        }

        string existingParent = ExistingSpelling(parent);
        if (!Directory.Exists(existingParent))
        {
            return fullPath;
        }

        string name = System.IO.Path.GetFileName(fullPath);
        string? match = Directory.EnumerateFileSystemEntries(existingParent)
            .FirstOrDefault(entry => string.Equals(System.IO.Path.GetFileName(entry), name, StringComparison.OrdinalIgnoreCase));
        return match ?? System.IO.Path.Combine(existingParent, name);
    }
}
