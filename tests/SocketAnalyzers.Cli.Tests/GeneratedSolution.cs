using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using SocketAnalyzers.PackageTests;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>
/// A solution generated in a temporary folder: <c>Loads</c> references xunit.assert (which the repository's own
/// restore put in the NuGet cache, so restoring it needs no network) and loads through MSBuild; <c>Broken</c>
/// references a package that no source has (the fixture's nuget.config names only an empty local folder), so its
/// restore fails and it falls back to its sources. Each has one known finding.
/// </summary>
public sealed class GeneratedSolution : IDisposable
{
    /// <summary>Matches the repository's central version, which its own restore brought into the cache.</summary>
    public const string CachedPackage = "xunit.assert";
    public const string CachedPackageVersion = "2.9.3";

    public const string LoadsSource = """
        using System.Net.Sockets;

        namespace Loads;

        public static class Client
        {
            public static bool IsPeerGone(SocketException error)
            {
                Xunit.Assert.NotNull(error);
                return error.Message.Contains("Connection reset by peer");
            }
        }
        """;

    public const string BrokenSource = """
        using System.Net.Sockets;

        namespace Broken;

        public static class Server
        {
            public static bool IsPeerGone(SocketException error)
            {
                return error.ErrorCode == 10054;
            }
        }
        """;

    private readonly TemporaryFolder temporary = new();

    public GeneratedSolution()
    {
        Folder = temporary.Path;
        Directory.CreateDirectory(Path.Combine(Folder, "feed"));
        File.WriteAllText(Path.Combine(Folder, "nuget.config"), """
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="empty" value="feed" />
              </packageSources>
            </configuration>
            """);

        // Shields the fixture from the repository's Directory.Build.props and central package versions if the temp
        // folder ever sits below it.
        File.WriteAllText(Path.Combine(Folder, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(Folder, "Directory.Packages.props"), "<Project />");

        WriteProject("Loads", CachedPackage, CachedPackageVersion, LoadsSource);
        WriteProject("Broken", "SocketAnalyzers.Cli.Tests.NoSuchPackage", "1.0.0", BrokenSource);
        SolutionPath = Path.Combine(Folder, "Fixture.sln");
        File.WriteAllText(SolutionPath, Solution("Loads", "Broken"));
    }

    public string Folder { get; }

    public string SolutionPath { get; }

    public void Dispose() => temporary.Dispose();

    private void WriteProject(string name, string package, string version, string source)
    {
        string projectFolder = Path.Combine(Folder, name);
        Directory.CreateDirectory(projectFolder);
        File.WriteAllText(Path.Combine(projectFolder, name + ".csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{package}" Version="{version}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(projectFolder, name + ".cs"), source);
    }

    /// <summary>A classic solution file, as Visual Studio writes it (backslashes, C# project type, one configuration).</summary>
    private static string Solution(params string[] projects)
    {
        var ids = projects.ToDictionary(project => project, _ => "{" + Guid.NewGuid().ToString().ToUpperInvariant() + "}");
        var text = new System.Text.StringBuilder();
        text.AppendLine("Microsoft Visual Studio Solution File, Format Version 12.00");
        foreach (string project in projects)
        {
            text.AppendLine($"Project(\"{{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}}\") = \"{project}\", \"{project}\\{project}.csproj\", \"{ids[project]}\"");
            text.AppendLine("EndProject");
        }

        // Without the configuration sections MSBuild (and so restore) finds no project to build in the solution.
        text.AppendLine("Global");
        text.AppendLine("\tGlobalSection(SolutionConfigurationPlatforms) = preSolution");
        text.AppendLine("\t\tDebug|Any CPU = Debug|Any CPU");
        text.AppendLine("\tEndGlobalSection");
        text.AppendLine("\tGlobalSection(ProjectConfigurationPlatforms) = postSolution");
        foreach (string id in ids.Values)
        {
            text.AppendLine($"\t\t{id}.Debug|Any CPU.ActiveCfg = Debug|Any CPU");
            text.AppendLine($"\t\t{id}.Debug|Any CPU.Build.0 = Debug|Any CPU");
        }

        text.AppendLine("\tEndGlobalSection");
        text.AppendLine("EndGlobal");
        return text.ToString();
    }
}

/// <summary>Runs the built tool (the same configuration as these tests) as <c>dotnet SocketAnalyzers.Cli.dll ...</c>.</summary>
internal static class Tool
{
    private static readonly string Configuration =
        typeof(Tool).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string AssemblyPath { get; } =
        Path.Combine(RepositoryRoot.Path, "src", "Cli", "bin", Configuration, "net10.0", "SocketAnalyzers.Cli.dll");

    public static DotNetResult Scan(string workingDirectory, params string[] arguments) =>
        DotNetCli.Run(workingDirectory, environment: null, new[] { AssemblyPath, "scan" }.Concat(arguments).Append("--no-progress").ToArray());
}
