using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Xml;
using System.Xml.Linq;

namespace SocketAnalyzers.Cli;

/// <summary>What a source-only fallback reads from a project file itself, without MSBuild: its sources and its project references.</summary>
internal static class ProjectFile
{
    /// <summary>The .cs files of the project's folder and below, minus the folders of projects nested under it (as the SDK's globs would, roughly).</summary>
    public static IReadOnlyList<string> SourceFiles(string projectFile)
    {
        string folder = Path.GetDirectoryName(projectFile)!;
        var nestedProjectFolders = Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories)
            .Select(Path.GetDirectoryName)
            .Where(projectFolder => projectFolder is not null && projectFolder != folder)
            .Select(projectFolder => projectFolder!)
            .ToHashSet(StringComparer.Ordinal);
        return ScanTarget.SourceFiles(folder, nestedProjectFolders).ToList();
    }

    /// <summary>The projects it references by a literal path; paths built from MSBuild properties cannot be followed without MSBuild.</summary>
    public static IReadOnlyList<string> ProjectReferences(string projectFile)
    {
        XDocument document;
        try
        {
            document = XDocument.Load(projectFile);
        }
        catch (Exception exception) when (exception is XmlException or IOException or UnauthorizedAccessException)
        {
            return Array.Empty<string>();
        }

        string folder = Path.GetDirectoryName(projectFile)!;
        return document.Descendants()
            .Where(element => element.Name.LocalName == "ProjectReference")
            .Select(element => (string?)element.Attribute("Include"))
            .Where(include => !string.IsNullOrWhiteSpace(include) && !include.Contains("$(", StringComparison.Ordinal))
            .Select(include => ScanTarget.ProjectPath(folder, include!))
            .Where(File.Exists)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }
}
