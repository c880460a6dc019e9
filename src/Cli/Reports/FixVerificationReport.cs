using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>What <c>--verify-fixes</c> found, per rule and per broken action, in each report format.</summary>
internal static class FixVerificationReport
{
    /// <summary>One rule's actions: how many were tried and how many broke each way.</summary>
    public sealed record RuleRow(string RuleId, int Findings, int Actions, int CompileBreaking, int DiagnosticLeft, int NewSockDiagnostic, int Failed, TimeSpan Time)
    {
        public int Broken { get; init; }
    }

    public static IReadOnlyList<RuleRow> ByRule(ScanReport report) => report.FixChecks
        .GroupBy(check => check.RuleId, StringComparer.Ordinal)
        .OrderBy(group => group.Key, StringComparer.Ordinal)
        .Select(group => new RuleRow(
            group.Key,
            group.Select(check => (check.File, check.Line)).Distinct().Count(),
            group.Count(),
            group.Count(check => check.NewErrors > 0),
            group.Count(check => check.DiagnosticRemains),
            group.Count(check => check.NewSockDiagnostics.Count > 0),
            group.Count(check => check.Failure is not null),
            group.Aggregate(TimeSpan.Zero, (sum, check) => sum + check.Time))
        {
            Broken = group.Count(check => check.Breaks),
        })
        .ToList();

    public static string Headline(ScanReport report)
    {
        var checks = report.FixChecks;
        int findings = checks.Select(check => (check.File, check.Line, check.RuleId)).Distinct().Count();
        return $"Fix verification: {checks.Count} code action(s) applied on {findings} finding(s); {checks.Count(check => check.Breaks)} broke something.";
    }

    /// <summary>What one broken action did, on one line.</summary>
    public static string Describe(FixCheck check)
    {
        var parts = new List<string>();
        if (check.Failure is not null)
        {
            parts.Add("failed: " + check.Failure);
        }

        if (check.NewErrors > 0)
        {
            parts.Add($"{check.NewErrors} new compiler error(s): {string.Join(" | ", check.FirstNewErrors)}");
        }

        if (check.DiagnosticRemains)
        {
            parts.Add($"{check.RuleId} still reported at the fixed spot");
        }

        if (check.NewSockDiagnostics.Count > 0)
        {
            parts.Add("new: " + string.Join(" | ", check.NewSockDiagnostics));
        }

        return $"{check.File}:{check.Line}: {check.RuleId} '{check.Action}': {string.Join("; ", parts)}";
    }

    public static void WriteText(ScanReport report, TextWriter writer)
    {
        writer.WriteLine(Headline(report));
        var rows = new List<string[]> { new[] { "Rule", "Findings", "Actions", "Compile-breaking", "Diagnostic left", "New SOCK diagnostic", "Failed", "Time" } };
        rows.AddRange(ByRule(report).Select(row => new[]
        {
            row.RuleId, row.Findings.ToString(), row.Actions.ToString(), row.CompileBreaking.ToString(), row.DiagnosticLeft.ToString(),
            row.NewSockDiagnostic.ToString(), row.Failed.ToString(), ReportText.Seconds(row.Time),
        }));
        if (rows.Count > 1)
        {
            int[] widths = Enumerable.Range(0, rows[0].Length).Select(column => rows.Max(row => row[column].Length)).ToArray();
            foreach (string[] row in rows)
            {
                writer.WriteLine("  " + string.Join("  ", row.Select((cell, column) => column == 0 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd());
            }
        }

        foreach (FixCheck check in report.FixChecks.Where(check => check.Breaks))
        {
            writer.WriteLine("  broken: " + Describe(check));
        }
    }

    public static void WriteMarkdown(ScanReport report, TextWriter writer)
    {
        writer.WriteLine("### Fix verification");
        writer.WriteLine();
        writer.WriteLine(Headline(report));
        writer.WriteLine();
        writer.WriteLine("| Rule | Findings | Actions | Compile-breaking | Diagnostic left | New SOCK diagnostic | Failed | Time |");
        writer.WriteLine("|---|--:|--:|--:|--:|--:|--:|--:|");
        foreach (RuleRow row in ByRule(report))
        {
            writer.WriteLine($"| {row.RuleId} | {row.Findings} | {row.Actions} | {row.CompileBreaking} | {row.DiagnosticLeft} | {row.NewSockDiagnostic} | {row.Failed} | {ReportText.Seconds(row.Time)} |");
        }

        foreach (FixCheck check in report.FixChecks.Where(check => check.Breaks))
        {
            writer.WriteLine();
            writer.WriteLine("- " + Describe(check).Replace("|", "\\|", StringComparison.Ordinal));
        }
    }

    public static void WriteJson(ScanReport report, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("fixVerification");
        writer.WriteNumber("actions", report.FixChecks.Count);
        writer.WriteNumber("broken", report.FixChecks.Count(check => check.Breaks));
        writer.WriteStartObject("byRule");
        foreach (RuleRow row in ByRule(report))
        {
            writer.WriteStartObject(row.RuleId);
            writer.WriteNumber("findings", row.Findings);
            writer.WriteNumber("actions", row.Actions);
            writer.WriteNumber("compileBreaking", row.CompileBreaking);
            writer.WriteNumber("diagnosticLeft", row.DiagnosticLeft);
            writer.WriteNumber("newSockDiagnostic", row.NewSockDiagnostic);
            writer.WriteNumber("failed", row.Failed);
            writer.WriteNumber("broken", row.Broken);
            writer.WriteNumber("ms", (long)row.Time.TotalMilliseconds);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartArray("checks");
        foreach (FixCheck check in report.FixChecks)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", check.RuleId);
            writer.WriteString("file", check.File);
            writer.WriteNumber("line", check.Line);
            writer.WriteString("action", check.Action);
            if (check.EquivalenceKey is null)
            {
                writer.WriteNull("equivalenceKey");
            }
            else
            {
                writer.WriteString("equivalenceKey", check.EquivalenceKey);
            }

            writer.WriteNumber("newErrors", check.NewErrors);
            writer.WriteStartArray("firstNewErrors");
            foreach (string error in check.FirstNewErrors)
            {
                writer.WriteStringValue(error);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("diagnosticRemains", check.DiagnosticRemains);
            writer.WriteStartArray("newSockDiagnostics");
            foreach (string diagnostic in check.NewSockDiagnostics)
            {
                writer.WriteStringValue(diagnostic);
            }

            writer.WriteEndArray();
            writer.WriteNumber("ms", (long)check.Time.TotalMilliseconds);
            if (check.Failure is null)
            {
                writer.WriteNull("failure");
            }
            else
            {
                writer.WriteString("failure", check.Failure);
            }

            writer.WriteBoolean("breaks", check.Breaks);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
