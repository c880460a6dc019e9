using System;
using System.IO;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// A throwaway console project outside the repository that references the packed package from the
/// temporary feed, with props files of its own so nothing of the repository's build leaks in.
/// </summary>
internal sealed class ConsumerProject
{
    private readonly PackedRepository repository;

    public ConsumerProject(PackedRepository repository, string name, string programSource, string editorConfigRules = "")
    {
        this.repository = repository;
        Folder = Path.Combine(repository.WorkFolder, "consumers", name);
        Directory.CreateDirectory(Folder);
        ProjectPath = Path.Combine(Folder, "Consumer.csproj");
        ProgramPath = Path.Combine(Folder, "Program.cs");

        File.WriteAllText(ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="SocketAnalyzers" Version="[{repository.PackageVersion}]" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(Folder, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(Folder, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(Folder, "Directory.Packages.props"), "<Project />\n");
        // The temporary feed is added to the normal sources: the SDK may still need packages from them.
        File.WriteAllText(Path.Combine(Folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="socketanalyzers-smoke" value="{repository.FeedFolder}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(Folder, ".editorconfig"), "root = true\n\n[*.cs]\n" + editorConfigRules + "\n");
        File.WriteAllText(ProgramPath, programSource);
    }

    public string Folder { get; }

    public string ProjectPath { get; }

    public string ProgramPath { get; }

    public DotNetResult Build(params string[] extraArguments) =>
        Run(["build", ProjectPath, .. extraArguments]);

    public DotNetResult Run(params string[] arguments) =>
        DotNetCli.Run(Folder, repository.ConsumerEnvironment, arguments);
}
