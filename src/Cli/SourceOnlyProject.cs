using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace SocketAnalyzers.Cli;

/// <summary>
/// A project made of nothing but source files, for code whose build cannot be loaded: compiled against the
/// running .NET's reference assemblies, with the implicit usings and preprocessor symbols a modern SDK build
/// would give it, and with the .editorconfig files above its sources.
/// </summary>
internal static class SourceOnlyProject
{
    /// <summary>The global usings of <c>Microsoft.NET.Sdk</c> with <c>ImplicitUsings</c> enabled.</summary>
    private static readonly string[] ImplicitUsings =
    {
        "System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks",
    };

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: PreprocessorSymbols());

    public static Project Create(
        AdhocWorkspace workspace,
        string name,
        IReadOnlyList<string> sourceFiles,
        IEnumerable<MetadataReference> extraReferences)
    {
        var projectId = ProjectId.CreateNewId(name);
        var documents = sourceFiles
            .Select(file => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                Path.GetFileName(file),
                loader: TextLoader.From(TextAndVersion.Create(ReadSource(file), VersionStamp.Default, file)),
                filePath: file))
            .Append(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                "ImplicitUsings.g.cs",
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(ImplicitUsingsSource(), Encoding.UTF8), VersionStamp.Default)),
                filePath: Path.Combine(Path.GetTempPath(), name + ".ImplicitUsings.g.cs")))
            .ToList();

        var editorConfigs = EditorConfigFilesAbove(sourceFiles)
            .Select(file => DocumentInfo.Create(
                DocumentId.CreateNewId(projectId),
                ".editorconfig",
                loader: TextLoader.From(TextAndVersion.Create(ReadSource(file), VersionStamp.Default, file)),
                filePath: file))
            .ToList();

        var projectInfo = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name,
                assemblyName: name,
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(
                    OutputKind.DynamicallyLinkedLibrary,
                    allowUnsafe: true,
                    nullableContextOptions: NullableContextOptions.Enable),
                parseOptions: ParseOptions,
                documents: documents,
                metadataReferences: FrameworkReferences.Value.Concat(extraReferences))
            .WithAnalyzerConfigDocuments(editorConfigs);
        Solution solution = workspace.CurrentSolution.AddProject(projectInfo);
        if (!workspace.TryApplyChanges(solution))
        {
            throw new InvalidOperationException("The source-only project could not be added to its workspace.");
        }

        return workspace.CurrentSolution.GetProject(projectId)!;
    }

    /// <summary>What a modern SDK build defines: every <c>..._OR_GREATER</c> up to the running .NET, plus Debug's symbols.</summary>
    internal static IReadOnlyList<string> PreprocessorSymbols()
    {
        int major = Environment.Version.Major;
        var symbols = new List<string> { "DEBUG", "TRACE", "NETCOREAPP", "NET", $"NET{major}_0" };
        foreach (string version in new[] { "1_0", "1_1", "2_0", "2_1", "2_2", "3_0", "3_1" })
        {
            symbols.Add($"NETCOREAPP{version}_OR_GREATER");
        }

        for (int version = 5; version <= major; version++)
        {
            symbols.Add($"NET{version}_0_OR_GREATER");
        }

        foreach (string version in new[] { "1_0", "1_1", "1_2", "1_3", "1_4", "1_5", "1_6", "2_0", "2_1" })
        {
            symbols.Add($"NETSTANDARD{version}_OR_GREATER");
        }

        return symbols;
    }

    private static string ImplicitUsingsSource() =>
        string.Concat(ImplicitUsings.Select(ns => $"global using global::{ns};{Environment.NewLine}"));

    /// <summary>Every .editorconfig in the folders of the sources and above them, as a build would see them.</summary>
    private static IEnumerable<string> EditorConfigFilesAbove(IEnumerable<string> sourceFiles)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal);
        foreach (string? folder in sourceFiles.Select(Path.GetDirectoryName).Distinct(StringComparer.Ordinal))
        {
            for (string? current = folder; current is not null && visited.Add(current); current = Path.GetDirectoryName(current))
            {
                string candidate = Path.Combine(current, ".editorconfig");
                if (File.Exists(candidate))
                {
                    yield return candidate;
                }
            }
        }
    }

    private static SourceText ReadSource(string file)
    {
        using FileStream stream = File.OpenRead(file);
        return SourceText.From(stream, Encoding.UTF8, canBeEmbedded: true);
    }

    /// <summary>
    /// The reference assemblies of the running .NET's targeting pack when the SDK has it; otherwise the running
    /// runtime's own assemblies, which compile the same public surface.
    /// </summary>
    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        string runtimeFolder = RuntimeEnvironment.GetRuntimeDirectory();
        string? dotnetRoot = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetDirectoryName(runtimeFolder.TrimEnd(Path.DirectorySeparatorChar))));
        string? referenceFolder = dotnetRoot is null ? null : TargetingPackFolder(dotnetRoot);
        IEnumerable<string> assemblies = referenceFolder is not null
            ? Directory.EnumerateFiles(referenceFolder, "*.dll")
            : Directory.EnumerateFiles(runtimeFolder, "*.dll").Where(IsFrameworkAssembly);
        return assemblies
            .OrderBy(path => path, StringComparer.Ordinal)
            .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
            .ToImmutableArray();
    }

    private static string? TargetingPackFolder(string dotnetRoot)
    {
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        if (!Directory.Exists(packs))
        {
            return null;
        }

        Version running = Environment.Version;
        string tfm = $"net{running.Major}.{running.Minor}";
        return Directory.EnumerateDirectories(packs)
            .Select(folder => (Folder: folder, Version: Version.TryParse(Path.GetFileName(folder).Split('-')[0], out Version? version) ? version : null))
            .Where(pack => pack.Version is not null && pack.Version.Major == running.Major)
            .OrderByDescending(pack => pack.Version)
            .Select(pack => Path.Combine(pack.Folder, "ref", tfm))
            .FirstOrDefault(Directory.Exists);
    }

    /// <summary>Native and non-assembly files share the runtime folder; only managed framework assemblies compile.</summary>
    private static bool IsFrameworkAssembly(string path)
    {
        string name = Path.GetFileName(path);
        return name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal)
            || name is "mscorlib.dll" or "netstandard.dll";
    }
}
