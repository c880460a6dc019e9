using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>The whole scan as one JSON document, and the findings alone as JSON lines (the corpus results).</summary>
internal static class JsonReport
{
    public static void Write(ScanReport report, Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("tool", "socketanalyzers");
        writer.WriteString("version", ToolVersion.Text);
        writer.WriteString("target", report.Target);
        writer.WriteString("root", report.Root);
        writer.WriteNumber("exitCode", report.ExitCode);
        writer.WriteNumber("elapsedMs", (long)report.Elapsed.TotalMilliseconds);
        writer.WriteNumber("baselineMatched", report.BaselineMatched);
        writer.WriteStartArray("notices");
        foreach (string notice in report.Notices)
        {
            writer.WriteStringValue(notice);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("projects");
        foreach (ProjectScan project in report.Projects)
        {
            writer.WriteStartObject();
            writer.WriteString("name", project.Name);
            writer.WriteString("path", project.Path);
            writer.WriteString("loadMode", project.Mode == LoadMode.MSBuild ? "msbuild" : "source-only");
            if (project.FallbackReason is null)
            {
                writer.WriteNull("fallbackReason");
            }
            else
            {
                writer.WriteString("fallbackReason", project.FallbackReason);
            }

            writer.WriteNumber("sourceFiles", project.SourceFiles);
            writer.WriteNumber("compileErrors", project.CompileErrors);
            writer.WriteNumber("compileMs", (long)project.CompileTime.TotalMilliseconds);
            writer.WriteNumber("analyzerMs", (long)project.AnalyzerTime.TotalMilliseconds);
            writer.WriteNumber("crashes", project.Crashes.Count);
            writer.WriteStartObject("findingsByRule");
            foreach (var rule in project.Findings.GroupBy(finding => finding.RuleId).OrderBy(group => group.Key, System.StringComparer.Ordinal))
            {
                writer.WriteNumber(rule.Key, rule.Count());
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("findings");
        foreach (Finding finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("rule", finding.RuleId);
            writer.WriteString("severity", finding.Severity.ToLowerInvariant());
            writer.WriteString("file", finding.File);
            writer.WriteNumber("line", finding.Line);
            writer.WriteNumber("column", finding.Column);
            writer.WriteString("lineHash", finding.LineHash);
            writer.WriteString("message", finding.Message);
            writer.WriteString("helpLink", finding.HelpLink);
            writer.WriteString("project", finding.Project);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("crashes");
        foreach (AnalyzerCrash crash in report.Crashes)
        {
            writer.WriteStartObject();
            writer.WriteString("project", crash.Project);
            writer.WriteString("analyzer", crash.Analyzer);
            writer.WriteString("exception", crash.ExceptionType);
            writer.WriteString("message", crash.Message);
            writer.WriteString("stackTop", crash.StackTop);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        if (report.FixesVerified)
        {
            FixVerificationReport.WriteJson(report, writer);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// One object per line: rule, file, line, line hash, message. No source text, so results of third-party code can
    /// be committed; the same file serves as a baseline.
    /// </summary>
    public static void WriteLines(IEnumerable<Finding> findings, TextWriter writer)
    {
        foreach (Finding finding in findings)
        {
            var buffer = new MemoryStream();
            using (var line = new Utf8JsonWriter(buffer))
            {
                line.WriteStartObject();
                line.WriteString("rule", finding.RuleId);
                line.WriteString("file", finding.File);
                line.WriteNumber("line", finding.Line);
                line.WriteString("lineHash", finding.LineHash);
                line.WriteString("message", finding.Message);
                line.WriteEndObject();
            }

            writer.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
