using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SocketAnalyzers.Tests.Meta;

/// <summary>
/// The preset files the package ships and the preset table of docs/configuration.md are generated from
/// <see cref="SeverityPresets"/> and the descriptors; SOCKETANALYZERS_UPDATE_DOCS=1 regenerates them.
/// The package smoke test proves that a build under each mode reports what the table says.
/// </summary>
public sealed class SeverityPresetTests
{
    private const string Block = "presets";

    private static string ConfigFolder => RepositoryRoot.File("src", "Package", "buildTransitive", "config");

    public static TheoryData<string> Modes()
    {
        var data = new TheoryData<string>();
        foreach (string mode in SeverityPresets.Modes)
        {
            data.Add(mode);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public void Preset_file_sets_every_rule(string mode)
    {
        string? name = SeverityPresets.ConfigFileName(mode);
        if (name is null)
        {
            Assert.False(File.Exists(Path.Combine(ConfigFolder, $"socketanalyzers_{mode}.globalconfig")), "the default mode must add no file");
            return;
        }

        GeneratedDocs.AssertFileIs(Path.Combine(ConfigFolder, name), SeverityPresets.ConfigFileText(mode, ShippedComponents.Descriptors));
    }

    [Fact]
    public void Config_folder_holds_only_the_preset_files()
    {
        string[] expected = SeverityPresets.Modes.Select(SeverityPresets.ConfigFileName).OfType<string>().OrderBy(name => name, StringComparer.Ordinal).ToArray();
        string[] actual = Directory.Exists(ConfigFolder)
            ? Directory.EnumerateFiles(ConfigFolder).Select(Path.GetFileName).OfType<string>().OrderBy(name => name, StringComparer.Ordinal).ToArray()
            : Array.Empty<string>();

        // A file for a mode that no longer exists would still be selectable: delete it.
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Configuration_page_preset_table_matches_the_presets()
    {
        string path = RepositoryRoot.File("docs", "configuration.md");
        string[] table = SeverityPresets.DocsTable(ShippedComponents.Descriptors);
        string[] block = new[] { GeneratedDocs.StartMarker(Block) + " from tests/SocketAnalyzers.Tests/Meta/SeverityPresets.cs -->" }
            .Concat(table)
            .Append(GeneratedDocs.EndMarker(Block))
            .ToArray();

        GeneratedDocs.AssertFileIs(path, GeneratedDocs.ReplaceBlock(GeneratedDocs.Read(path), Block, block));
    }

    [Fact]
    public void Package_build_files_name_every_mode_and_the_config_folder()
    {
        string props = File.ReadAllText(RepositoryRoot.File("src", "Package", "buildTransitive", "SocketAnalyzers.props"));
        string targets = File.ReadAllText(RepositoryRoot.File("src", "Package", "buildTransitive", "SocketAnalyzers.targets"));

        Assert.Contains("config/socketanalyzers_", props, StringComparison.Ordinal);
        Assert.Contains("GlobalAnalyzerConfigFiles", props, StringComparison.Ordinal);
        // The error for an unknown mode lists the valid ones.
        Assert.All(SeverityPresets.Modes, mode => Assert.Contains(mode, targets, StringComparison.Ordinal));
    }
}
