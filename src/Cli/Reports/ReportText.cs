using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>Wording shared by the human-readable reports (text and Markdown), so both say the same thing.</summary>
internal static class ReportText
{
    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string LoadModeOf(ProjectScan project) =>
        project.Mode == LoadMode.MSBuild ? "MSBuild" : "source only";

    /// <summary>How a project was loaded, with the reason when it fell back to its sources.</summary>
    public static string LoadDescription(ProjectScan project) =>
        project.FallbackReason is null ? LoadModeOf(project) : $"{LoadModeOf(project)} ({project.FallbackReason})";

    /// <summary>The rules that found something, in ID order: the summary table's columns.</summary>
    public static IReadOnlyList<string> RulesWithFindings(ScanReport report) =>
        report.Findings.Select(finding => finding.RuleId).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();

    public static string TitleOf(ScanReport report, string ruleId) =>
        report.Rules.FirstOrDefault(rule => rule.Id == ruleId)?.Title ?? ruleId;

    public static string Closing(ScanReport report)
    {
        int count = report.Findings.Count;
        string findings = count == 1 ? "1 finding" : $"{count} findings";
        string baseline = report.BaselineMatched > 0 ? $" ({report.BaselineMatched} more in the baseline, not shown)" : string.Empty;
        string crashes = report.Crashes.Count > 0 ? $"; {report.Crashes.Count} analyzer crash(es)" : string.Empty;
        return $"{findings}{baseline}{crashes} in {Seconds(report.Elapsed)}.";
    }
}
