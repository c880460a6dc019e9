using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// The package's severity presets (<c>&lt;SocketAnalyzersMode&gt;</c>) and its Chinese messages, in real builds
/// of a consumer project.
/// </summary>
[Collection(PackedRepositoryCollection.Name)]
public sealed class PresetAndLanguageTests
{
    // SOCK003 and nothing else; see PackageTests.
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

    private readonly PackedRepository repository;

    public PresetAndLanguageTests(PackedRepository repository)
    {
        this.repository = repository;
    }

    [Fact]
    public void Package_holds_the_presets_and_the_Chinese_satellite()
    {
        using var package = System.IO.Compression.ZipFile.OpenRead(repository.PackagePath);
        var entries = new HashSet<string>(package.Entries.Select(entry => entry.FullName), StringComparer.Ordinal);
        DocumentedPresets presets = DocumentedPresets.Read(repository.CopyFolder);

        Assert.Contains("buildTransitive/SocketAnalyzers.props", entries);
        Assert.Contains("buildTransitive/SocketAnalyzers.targets", entries);
        Assert.Contains("analyzers/dotnet/cs/zh-Hans/SocketAnalyzers.resources.dll", entries);
        foreach (string mode in presets.Modes.Where(mode => mode != "default"))
        {
            Assert.Contains($"buildTransitive/config/socketanalyzers_{mode}.globalconfig", entries);
        }
    }

    /// <summary>
    /// One consumer built from the demo's sources, on which every rule reports, once per mode: the SARIF log of
    /// each build holds exactly the rules and levels the preset table of docs/configuration.md gives that mode,
    /// and the build fails exactly when the mode makes a rule an error.
    /// </summary>
    [Fact]
    public void Each_mode_reports_every_rule_at_the_documented_level()
    {
        DocumentedPresets presets = DocumentedPresets.Read(repository.CopyFolder);
        var consumer = new ConsumerProject(repository, "presets", programSource: string.Empty);
        string demo = Path.Combine(repository.CopyFolder, "samples", "Demo");
        foreach (string source in Directory.EnumerateFiles(demo, "*.cs", SearchOption.AllDirectories))
        {
            // The copy of the repository has no bin or obj folders; the demo's Program.cs replaces the consumer's.
            string target = Path.Combine(consumer.Folder, Path.GetRelativePath(demo, source));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
        }

        DotNetResult restore = consumer.Run("restore", consumer.ProjectPath);
        Assert.True(restore.Succeeded, restore.ToString());

        var problems = new List<string>();
        foreach (string mode in presets.Modes)
        {
            string log = Path.Combine(consumer.Folder, mode + ".sarif");
            // --no-incremental: the sources are the same each time; only the analyzer configuration changes.
            DotNetResult build = consumer.Build("--no-restore", "--no-incremental", "-p:SocketAnalyzersMode=" + mode, "-p:ErrorLog=" + log + "%2Cversion=2.1");
            ILookup<string, string> reported = SarifLevels(log);

            bool expectsError = false;
            foreach (string id in presets.RuleIds)
            {
                string? expected = DocumentedPresets.SarifLevel(presets.SeverityOf(id, mode));
                expectsError |= expected == "error";
                string[] actual = reported[id].Distinct().OrderBy(level => level, StringComparer.Ordinal).ToArray();
                string[] wanted = expected is null ? Array.Empty<string>() : new[] { expected };
                if (!actual.SequenceEqual(wanted))
                {
                    problems.Add($"{mode}: {id} documented as '{presets.SeverityOf(id, mode)}', reported as [{string.Join(", ", actual)}]");
                }
            }

            if (build.Succeeded == expectsError || build.TimedOut)
            {
                problems.Add($"{mode}: the build {(build.Succeeded ? "succeeded" : "failed")}{Environment.NewLine}{build}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    /// <summary>
    /// Switching the mode on the command line of an already-built project changes the result: the mode is an input
    /// of the compile, so the compile is not skipped as up to date.
    /// </summary>
    [Fact]
    public void Switching_the_mode_on_an_up_to_date_project_changes_the_result()
    {
        var consumer = new ConsumerProject(repository, "preset-switch", ProgramWithSocketErrorNumber);

        DotNetResult first = consumer.Build();
        DotNetResult allErrors = consumer.Build("--no-restore", "-p:SocketAnalyzersMode=all-errors");
        DotNetResult none = consumer.Build("--no-restore", "-p:SocketAnalyzersMode=none");
        string compiled = Path.Combine(consumer.Folder, "obj", "Debug", "net10.0", "Consumer.dll");
        DateTime compiledWithNone = File.GetLastWriteTimeUtc(compiled);
        DotNetResult unchangedNone = consumer.Build("--no-restore", "-p:SocketAnalyzersMode=none");
        DateTime compiledWithUnchangedNone = File.GetLastWriteTimeUtc(compiled);
        DotNetResult backToDefault = consumer.Build("--no-restore");

        Assert.True(first.Succeeded, first.ToString());
        Assert.Contains("warning SOCK003:", first.Output, StringComparison.Ordinal);
        Assert.False(allErrors.Succeeded, allErrors.ToString());
        Assert.Contains("error SOCK003:", allErrors.Output, StringComparison.Ordinal);
        Assert.True(none.Succeeded, none.ToString());
        Assert.DoesNotContain("SOCK003", none.Output, StringComparison.Ordinal);
        Assert.True(unchangedNone.Succeeded, unchangedNone.ToString());
        // The same mode again leaves the project up to date: the compile is skipped.
        Assert.True(File.Exists(compiled), $"{compiled} missing{Environment.NewLine}{none}");
        Assert.Equal(compiledWithNone, compiledWithUnchangedNone);
        Assert.True(backToDefault.Succeeded, backToDefault.ToString());
        Assert.Contains("warning SOCK003:", backToDefault.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Editorconfig_severity_overrides_the_preset()
    {
        var consumer = new ConsumerProject(
            repository, "preset-overridden", ProgramWithSocketErrorNumber, "dotnet_diagnostic.SOCK003.severity = warning");

        DotNetResult build = consumer.Build("-p:SocketAnalyzersMode=all-errors");

        Assert.True(build.Succeeded, build.ToString());
        Assert.Contains("warning SOCK003:", build.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_mode_fails_the_build_naming_the_valid_ones()
    {
        var consumer = new ConsumerProject(repository, "preset-unknown", ProgramWithSocketErrorNumber);

        DotNetResult build = consumer.Build("-p:SocketAnalyzersMode=strict");

        Assert.False(build.Succeeded, build.ToString());
        Assert.Contains("SocketAnalyzersMode 'strict' is not a SocketAnalyzers severity preset", build.Output, StringComparison.Ordinal);
        Assert.All(DocumentedPresets.Read(repository.CopyFolder).Modes, mode => Assert.Contains(mode, build.Output, StringComparison.Ordinal));
    }

    /// <summary>The compiler formats diagnostics in the build's UI language: the zh-Hans satellite in the package is found and used.</summary>
    [Fact]
    public void Build_under_a_Chinese_UI_language_prints_the_Chinese_message()
    {
        var consumer = new ConsumerProject(repository, "zh-Hans", ProgramWithSocketErrorNumber);
        string[] fragments = Literals(ChineseResource("SOCK003_Message"));

        DotNetResult preferredUiLang = consumer.Build("-p:PreferredUILang=zh-Hans");
        var environment = new Dictionary<string, string>(repository.ConsumerEnvironment) { ["DOTNET_CLI_UI_LANGUAGE"] = "zh-Hans" };
        DotNetResult cliLanguage = DotNetCli.Run(consumer.Folder, environment, "build", consumer.ProjectPath, "--no-incremental");

        foreach (DotNetResult build in new[] { preferredUiLang, cliLanguage })
        {
            Assert.True(build.Succeeded, build.ToString());
            string line = Assert.Single(build.Output.Split('\n').Where(text => text.Contains("SOCK003:", StringComparison.Ordinal)).Distinct());
            Assert.All(fragments, fragment => Assert.True(line.Contains(fragment, StringComparison.Ordinal), $"'{fragment}' missing from: {line}"));
            Assert.DoesNotContain("Compare SocketErrorCode", line, StringComparison.Ordinal);
        }
    }

    /// <summary>Rule ID to the levels of its results in a SARIF 2.1 log; suppressed results are left out.</summary>
    private static ILookup<string, string> SarifLevels(string path)
    {
        Assert.True(File.Exists(path), $"no SARIF log at {path}");
        using JsonDocument log = JsonDocument.Parse(File.ReadAllText(path));
        var results = new List<(string Id, string Level)>();
        foreach (JsonElement run in log.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (!run.TryGetProperty("results", out JsonElement runResults))
            {
                continue;
            }

            foreach (JsonElement result in runResults.EnumerateArray())
            {
                string id = result.GetProperty("ruleId").GetString() ?? string.Empty;
                bool suppressed = result.TryGetProperty("suppressions", out JsonElement suppressions) && suppressions.GetArrayLength() > 0;
                if (id.StartsWith("SOCK", StringComparison.Ordinal) && !suppressed)
                {
                    // SARIF's default level is "warning".
                    results.Add((id, result.TryGetProperty("level", out JsonElement level) ? level.GetString() ?? "warning" : "warning"));
                }
            }
        }

        return results.ToLookup(result => result.Id, result => result.Level, StringComparer.Ordinal);
    }

    private string ChineseResource(string key) =>
        XDocument.Load(Path.Combine(repository.CopyFolder, "src", "Analyzers", "Resources.zh-Hans.resx")).Root!
            .Elements("data")
            .Single(data => (string?)data.Attribute("name") == key)
            .Element("value")!.Value;

    /// <summary>The text between the placeholders of a message format, each at least two characters long.</summary>
    private static string[] Literals(string format) =>
        Regex.Split(format, @"\{\d+\}").Select(part => part.Trim()).Where(part => part.Length >= 2).ToArray();
}
