using System.IO;
using System.Linq;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>The report as Markdown, for a pull-request comment or a CI job summary.</summary>
internal static class MarkdownReport
{
    public static void Write(ScanReport report, TextWriter writer)
    {
        writer.WriteLine($"## SocketAnalyzers: {report.Target}");
        writer.WriteLine();
        writer.WriteLine(ReportText.Closing(report));
        foreach (string notice in report.Notices)
        {
            writer.WriteLine();
            writer.WriteLine($"> {Escape(notice)}");
        }

        writer.WriteLine();
        var rules = ReportText.RulesWithFindings(report);
        writer.WriteLine("| Project | Load | " + string.Concat(rules.Select(rule => rule + " | ")) + "Total | CS errors | Compile | Analyzers |");
        writer.WriteLine("|---|---|" + string.Concat(rules.Select(_ => "--:|")) + "--:|--:|--:|--:|");
        foreach (ProjectScan project in report.Projects)
        {
            writer.WriteLine(
                $"| {Escape(project.Name)} | {Escape(ReportText.LoadDescription(project))} | "
                + string.Concat(rules.Select(rule => project.Findings.Count(finding => finding.RuleId == rule) + " | "))
                + $"{project.Findings.Count} | {project.CompileErrors} | {ReportText.Seconds(project.CompileTime)} | {ReportText.Seconds(project.AnalyzerTime)} |");
        }

        foreach (IGrouping<string, Finding> rule in report.Findings.GroupBy(finding => finding.RuleId).OrderBy(group => group.Key, System.StringComparer.Ordinal))
        {
            writer.WriteLine();
            writer.WriteLine($"### [{rule.Key}]({rule.First().HelpLink}): {Escape(ReportText.TitleOf(report, rule.Key))} ({rule.Count()})");
            writer.WriteLine();
            foreach (Finding finding in rule)
            {
                writer.WriteLine($"- `{finding.File}:{finding.Line}:{finding.Column}` {Escape(finding.Message)}");
            }
        }

        if (report.FixesVerified)
        {
            writer.WriteLine();
            FixVerificationReport.WriteMarkdown(report, writer);
        }

        if (report.Crashes.Count > 0)
        {
            writer.WriteLine();
            writer.WriteLine($"### Analyzer crashes (AD0001): {report.Crashes.Count}");
            foreach (AnalyzerCrash crash in report.Crashes)
            {
                writer.WriteLine();
                writer.WriteLine($"- {Escape(crash.Project)}: `{crash.Analyzer}` threw `{crash.ExceptionType}`: {Escape(crash.Message)}");
                writer.WriteLine();
                writer.WriteLine("  ```");
                foreach (string frame in crash.StackTop.Split(System.Environment.NewLine))
                {
                    writer.WriteLine("  " + frame);
                }

                writer.WriteLine("  ```");
            }
        }
    }

    /// <summary>Table cells and list items break on a pipe or an unescaped markup character in a message.</summary>
    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", System.StringComparison.Ordinal)
            .Replace("|", "\\|", System.StringComparison.Ordinal)
            .Replace("<", "&lt;", System.StringComparison.Ordinal)
            .Replace("*", "\\*", System.StringComparison.Ordinal)
            .Replace("_", "\\_", System.StringComparison.Ordinal);
}
