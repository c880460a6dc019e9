using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>The package as a consumer gets it: layout, diagnostics in a build, configuration, code fixes.</summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class PackageTests
{
    // A SocketException identified by its Windows-only native number (WSAECONNREFUSED): SOCK003 and nothing else.
    // The try block only connects, so the fixed check (ConnectionRefused alone) is right and stays clean.
    private const string ProgramWithSocketErrorNumber = """
        using System;
        using System.Net.Sockets;

        namespace Consumer;

        public static class Program
        {
            public static void Main()
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    socket.Connect("127.0.0.1", 9);
                }
                catch (SocketException e) when (e.ErrorCode == 10061)
                {
                    Console.WriteLine("nothing listens on the discard port");
                }
            }
        }
        """;

    private static readonly int BugLine =
        ProgramWithSocketErrorNumber.Split('\n').Select((text, index) => (text, index)).Single(line => line.text.Contains("10061")).index + 1;

    private readonly PackedRepository repository;

    public PackageTests(PackedRepository repository)
    {
        this.repository = repository;
    }

    [Fact]
    public void Package_holds_both_assemblies_under_analyzers_and_nothing_under_lib()
    {
        using ZipArchive package = ZipFile.OpenRead(repository.PackagePath);
        string[] entries = package.Entries.Select(entry => entry.FullName).ToArray();
        string listing = string.Join(Environment.NewLine, entries);

        Assert.Contains("analyzers/dotnet/cs/SocketAnalyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/SocketAnalyzers.CodeFixes.dll", entries);
        Assert.Contains("README.md", entries);
        Assert.Contains("LICENSE", entries);
        Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(entries, entry => entry.StartsWith("ref/", StringComparison.OrdinalIgnoreCase));
        Assert.All(
            entries.Where(entry => entry.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)),
            entry => Assert.True(entry.StartsWith("analyzers/dotnet/cs/", StringComparison.Ordinal), $"{entry} is outside analyzers/dotnet/cs:{Environment.NewLine}{listing}"));
    }

    [Fact]
    public void Package_holds_every_satellite_resource_assembly_the_build_produced()
    {
        using ZipArchive package = ZipFile.OpenRead(repository.PackagePath);
        var entries = new HashSet<string>(package.Entries.Select(entry => entry.FullName));

        // Whatever cultures the analyzer and code-fix projects translate into, each satellite ships beside its assembly.
        foreach (string project in new[] { "Analyzers", "CodeFixes" })
        {
            string output = Path.Combine(repository.CopyFolder, "src", project, "bin", PackedRepository.Configuration, "netstandard2.0");
            foreach (string satellite in Directory.EnumerateFiles(output, "*.resources.dll", SearchOption.AllDirectories))
            {
                string culture = Path.GetFileName(Path.GetDirectoryName(satellite)!);
                string expected = $"analyzers/dotnet/cs/{culture}/{Path.GetFileName(satellite)}";
                Assert.True(entries.Contains(expected), $"{expected} missing from the package:{Environment.NewLine}{string.Join(Environment.NewLine, entries)}");
            }
        }
    }

    [Fact]
    public void Nuspec_declares_a_development_dependency_without_dependencies()
    {
        using ZipArchive package = ZipFile.OpenRead(repository.PackagePath);
        ZipArchiveEntry nuspecEntry = Assert.Single(package.Entries, entry => entry.FullName == "SocketAnalyzers.nuspec");
        XDocument nuspec;
        using (Stream stream = nuspecEntry.Open())
        {
            nuspec = XDocument.Load(stream);
        }

        XElement metadata = nuspec.Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string? Value(string name) => metadata.Elements().SingleOrDefault(element => element.Name.LocalName == name)?.Value;

        Assert.Equal("SocketAnalyzers", Value("id"));
        Assert.Equal(repository.PackageVersion, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.Equal("MIT", Value("license"));
        Assert.Contains("roslyn", Value("tags") ?? string.Empty, StringComparison.Ordinal);
        // Both links come from the one RepositoryUrl property of Directory.Build.props.
        string repositoryUrl = XDocument.Load(Path.Combine(repository.CopyFolder, "Directory.Build.props")).Descendants("RepositoryUrl").Single().Value;
        Assert.Equal(repositoryUrl, Value("projectUrl"));
        Assert.Equal(repositoryUrl, (string?)metadata.Elements().Single(element => element.Name.LocalName == "repository").Attribute("url"));
        Assert.DoesNotContain(nuspec.Descendants(), element => element.Name.LocalName is "dependency" or "group");
    }

    [Fact]
    public void Consumer_build_reports_SOCK003_on_the_bug_line()
    {
        var consumer = new ConsumerProject(repository, "warning", ProgramWithSocketErrorNumber);

        DotNetResult build = consumer.Build();

        Assert.True(build.Succeeded, build.ToString());
        Assert.True(Regex.IsMatch(build.Output, $@"Program\.cs\({BugLine},\d+\): warning SOCK003:"), $"no SOCK003 warning on line {BugLine}:{Environment.NewLine}{build}");
        // The analyzers loaded and ran without failing: no "cannot load" (CS8032-CS8034) nor "analyzer threw" (AD0001).
        Assert.False(Regex.IsMatch(build.Output, @"\b(CS803[234]|AD0001)\b"), build.ToString());
    }

    [Fact]
    public void Warnaserror_fails_the_consumer_build_on_SOCK003()
    {
        var consumer = new ConsumerProject(repository, "warnaserror", ProgramWithSocketErrorNumber);

        DotNetResult build = consumer.Build("-warnaserror");

        Assert.False(build.Succeeded, build.ToString());
        Assert.True(Regex.IsMatch(build.Output, $@"Program\.cs\({BugLine},\d+\): error SOCK003:"), $"no SOCK003 error on line {BugLine}:{Environment.NewLine}{build}");
    }

    [Fact]
    public void Editorconfig_severity_none_silences_SOCK003()
    {
        var consumer = new ConsumerProject(
            repository, "silenced", ProgramWithSocketErrorNumber, "dotnet_diagnostic.SOCK003.severity = none");

        DotNetResult build = consumer.Build("-warnaserror");

        Assert.True(build.Succeeded, build.ToString());
        Assert.False(build.Output.Contains("SOCK003", StringComparison.Ordinal), build.ToString());
    }

    [Fact]
    public void Dotnet_format_applies_the_SOCK003_fix_and_the_result_builds_clean()
    {
        var consumer = new ConsumerProject(repository, "format", ProgramWithSocketErrorNumber);

        DotNetResult format = consumer.Run("format", "analyzers", consumer.ProjectPath, "--diagnostics", "SOCK003", "--severity", "warn", "--verbosity", "detailed");

        Assert.True(format.Succeeded, format.ToString());
        string fixedProgram = File.ReadAllText(consumer.ProgramPath);
        string outcome = $"after the format run the program reads:{Environment.NewLine}{fixedProgram}{Environment.NewLine}{format}";
        Assert.True(fixedProgram != ProgramWithSocketErrorNumber, "dotnet format changed nothing: " + outcome);
        Assert.False(fixedProgram.Contains("10061", StringComparison.Ordinal), outcome);
        Assert.True(Regex.IsMatch(fixedProgram, @"e\.SocketErrorCode\s*(==|is)\s*SocketError\.ConnectionRefused"), outcome);

        DotNetResult build = consumer.Build("-warnaserror");
        Assert.True(build.Succeeded, $"the fixed program does not build clean:{Environment.NewLine}{fixedProgram}{Environment.NewLine}{build}");
    }
}
