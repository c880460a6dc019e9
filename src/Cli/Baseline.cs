using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SocketAnalyzers.Cli;

/// <summary>
/// Findings accepted as known: matched by rule, file and the hash of the normalized source line, never by line
/// number, so edits elsewhere in the file do not bring them back. Each baseline entry hides one finding.
/// </summary>
internal static class Baseline
{
    /// <summary>A baseline is the findings' JSON lines (<c>--format jsonl</c>): a corpus result file is one too.</summary>
    public static void Write(string path, IEnumerable<Finding> findings)
    {
        using StreamWriter writer = File.CreateText(path);
        Reports.JsonReport.WriteLines(findings, writer);
    }

    /// <summary>The report without the findings the baseline holds, and how many it held back.</summary>
    public static ScanReport Apply(string path, ScanReport report)
    {
        var remaining = Read(path)
            .GroupBy(key => key)
            .ToDictionary(group => group.Key, group => group.Count());
        var hidden = new HashSet<(string, string, int, int, string)>();

        // Walk the findings in report order so that a baseline entry hides the same finding every run.
        foreach (Finding finding in report.Findings)
        {
            var key = (finding.RuleId, finding.File, finding.LineHash);
            if (remaining.TryGetValue(key, out int count) && count > 0)
            {
                remaining[key] = count - 1;
                hidden.Add(Identity(finding));
            }
        }

        var projects = report.Projects
            .Select(project => project with { Findings = project.Findings.Where(finding => !hidden.Contains(Identity(finding))).ToList() })
            .ToList();
        return report with { Projects = projects, BaselineMatched = hidden.Count };
    }

    /// <summary>A finding apart from the project that saw it (two projects can share a file).</summary>
    internal static (string, string, int, int, string) Identity(Finding finding) =>
        (finding.RuleId, finding.File, finding.Line, finding.Column, finding.Message);

    private static IEnumerable<(string Rule, string File, string LineHash)> Read(string path)
    {
        var entries = new List<(string, string, string)>();
        foreach (string line in File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)))
        {
            using JsonDocument entry = JsonDocument.Parse(line);
            JsonElement root = entry.RootElement;
            if (!root.TryGetProperty("rule", out JsonElement rule) || !root.TryGetProperty("file", out JsonElement file) || !root.TryGetProperty("lineHash", out JsonElement lineHash))
            {
                throw new InvalidDataException($"{path} is not a socketanalyzers baseline: each line needs rule, file and lineHash.");
            }

            entries.Add((rule.GetString() ?? string.Empty, file.GetString() ?? string.Empty, lineHash.GetString() ?? string.Empty));
        }

        return entries;
    }
}
