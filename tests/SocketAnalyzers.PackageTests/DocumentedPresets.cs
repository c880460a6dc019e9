using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace SocketAnalyzers.PackageTests;

/// <summary>
/// The severity preset table of docs/configuration.md (the generated block between
/// <c>&lt;!-- generated:presets</c> and <c>&lt;!-- /generated:presets --&gt;</c>): for each mode, the
/// .editorconfig severity of each rule. What the package must do is read from the page users read.
/// </summary>
internal sealed class DocumentedPresets
{
    private DocumentedPresets(string[] modes, IReadOnlyDictionary<string, string[]> severities)
    {
        Modes = modes;
        Severities = severities;
    }

    public string[] Modes { get; }

    /// <summary>Per rule ID, its severity under each of <see cref="Modes"/>, in order.</summary>
    public IReadOnlyDictionary<string, string[]> Severities { get; }

    public IEnumerable<string> RuleIds => Severities.Keys.OrderBy(id => id, StringComparer.Ordinal);

    public string SeverityOf(string ruleId, string mode) => Severities[ruleId][Array.IndexOf(Modes, mode)];

    public static DocumentedPresets Read(string repositoryFolder)
    {
        string[] lines = File.ReadAllLines(Path.Combine(repositoryFolder, "docs", "configuration.md"));
        int start = Array.FindIndex(lines, line => line.StartsWith("<!-- generated:presets", StringComparison.Ordinal));
        Assert.True(start >= 0, "docs/configuration.md has no generated preset table");
        string[] table = lines.Skip(start + 1).TakeWhile(line => line.StartsWith('|')).ToArray();

        // | Rule | Title | `none` | `default` | ... |
        string[] modes = Cells(table[0]).Skip(2).Select(cell => cell.Trim('`')).ToArray();
        var severities = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string row in table.Skip(2))
        {
            string[] cells = Cells(row);
            // [SOCK001](rules/SOCK001.md)
            string id = cells[0].Substring(1, cells[0].IndexOf(']', StringComparison.Ordinal) - 1);
            severities.Add(id, cells.Skip(2).ToArray());
        }

        Assert.NotEmpty(modes);
        Assert.NotEmpty(severities);
        return new DocumentedPresets(modes, severities);
    }

    /// <summary>The SARIF level of a diagnostic reported at an .editorconfig severity, or null when it is not reported.</summary>
    public static string? SarifLevel(string severity) => severity switch
    {
        "error" => "error",
        "warning" => "warning",
        "suggestion" => "note",
        "none" or "silent" => null,
        _ => throw new InvalidOperationException($"unknown severity '{severity}' in docs/configuration.md"),
    };

    private static string[] Cells(string row) => row.Trim().Trim('|').Split('|').Select(cell => cell.Trim()).ToArray();
}
