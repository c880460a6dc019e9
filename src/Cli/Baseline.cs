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
    private const int FormatVersion = 1;

    public static void Write(string path, IEnumerable<Finding> findings)
    {
        using FileStream stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("version", FormatVersion);
        writer.WriteStartArray("findings");
        foreach (Finding finding in findings.OrderBy(finding => finding.File, StringComparer.Ordinal).ThenBy(finding => finding.RuleId, StringComparer.Ordinal).ThenBy(finding => finding.Line))
        {
            writer.WriteStartObject();
            writer.WriteString("rule", finding.RuleId);
            writer.WriteString("file", finding.File);
            writer.WriteString("lineHash", finding.LineHash);
            writer.WriteString("message", finding.Message);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
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
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(path));
        if (!document.RootElement.TryGetProperty("findings", out JsonElement findings) || findings.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path} is not a socketanalyzers baseline (no \"findings\" array).");
        }

        var entries = new List<(string, string, string)>();
        foreach (JsonElement entry in findings.EnumerateArray())
        {
            entries.Add((
                entry.GetProperty("rule").GetString() ?? string.Empty,
                entry.GetProperty("file").GetString() ?? string.Empty,
                entry.GetProperty("lineHash").GetString() ?? string.Empty));
        }

        return entries;
    }
}
