using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>The console report: how each project loaded, findings by rule, a summary table, crashes.</summary>
internal static class TextReport
{
    public static void Write(ScanReport report, TextWriter writer)
    {
        writer.WriteLine($"SocketAnalyzers scan of {report.Target} ({Plural(report.Projects.Count, "project")})");
        foreach (string notice in report.Notices)
        {
            writer.WriteLine("  note: " + notice);
        }

        foreach (ProjectScan project in report.Projects.Where(project => project.FallbackReason is not null))
        {
            writer.WriteLine($"  {project.Name}: {ReportText.LoadDescription(project)}");
        }

        foreach (IGrouping<string, Finding> rule in report.Findings.GroupBy(finding => finding.RuleId).OrderBy(group => group.Key, StringComparer.Ordinal))
        {
            writer.WriteLine();
            writer.WriteLine($"{rule.Key}: {ReportText.TitleOf(report, rule.Key)} ({rule.Count()})  {rule.First().HelpLink}");
            foreach (Finding finding in rule)
            {
                writer.WriteLine($"  {finding.File}:{finding.Line}:{finding.Column}: {finding.Severity.ToLowerInvariant()}: {finding.Message}");
            }
        }

        writer.WriteLine();
        WriteSummary(report, writer);

        if (report.FixesVerified)
        {
            writer.WriteLine();
            FixVerificationReport.WriteText(report, writer);
        }

        if (report.Crashes.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"Analyzer crashes (AD0001): {report.Crashes.Count}");
            // An analyzer that throws on one construct usually throws on every instance of it: each distinct failure once.
            foreach (IGrouping<AnalyzerCrash, AnalyzerCrash> sameCrash in report.Crashes.GroupBy(crash => crash))
            {
                AnalyzerCrash crash = sameCrash.Key;
                string times = sameCrash.Count() > 1 ? $" ({sameCrash.Count()} times)" : string.Empty;
                writer.WriteLine($"  {crash.Project}: {crash.Analyzer} threw {crash.ExceptionType}{times}: {crash.Message}");
                foreach (string frame in crash.StackTop.Split(Environment.NewLine))
                {
                    writer.WriteLine("    " + frame);
                }
            }
        }

        writer.WriteLine();
        writer.WriteLine(ReportText.Closing(report));
    }

    private static void WriteSummary(ScanReport report, TextWriter writer)
    {
        IReadOnlyList<string> rules = ReportText.RulesWithFindings(report);
        var header = new List<string> { "Project", "Load" };
        header.AddRange(rules);
        header.AddRange(new[] { "Total", "CS errors", "Compile", "Analyzers" });
        var rows = new List<List<string>> { header };
        foreach (ProjectScan project in report.Projects)
        {
            var row = new List<string> { project.Name, ReportText.LoadModeOf(project) };
            row.AddRange(rules.Select(rule => project.Findings.Count(finding => finding.RuleId == rule).ToString()));
            row.Add(project.Findings.Count.ToString());
            row.Add(project.CompileErrors.ToString());
            row.Add(ReportText.Seconds(project.CompileTime));
            row.Add(ReportText.Seconds(project.AnalyzerTime));
            rows.Add(row);
        }

        int[] widths = Enumerable.Range(0, header.Count).Select(column => rows.Max(row => row[column].Length)).ToArray();
        foreach (List<string> row in rows)
        {
            writer.WriteLine(string.Join("  ", row.Select((cell, column) => column < 2 ? cell.PadRight(widths[column]) : cell.PadLeft(widths[column]))).TrimEnd());
        }
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
