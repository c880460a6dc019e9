using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace SocketAnalyzers.Cli.Reports;

/// <summary>
/// SARIF 2.1.0 (OASIS), the format code-scanning services read: one run, the rules in the driver, each finding a
/// result located relative to the scanned root (uriBaseId SRCROOT), with the line hash as a partial fingerprint so
/// a service tracks a finding across line moves the way the baseline does. Analyzer crashes are notifications.
/// </summary>
internal static class SarifReport
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    public const string RootBaseId = "SRCROOT";
    public const string FingerprintName = "lineHash/v1";

    public static void Write(ScanReport report, Stream stream)
    {
        var ruleIndex = report.Rules.Select((rule, index) => (rule.Id, index)).ToDictionary(pair => pair.Id, pair => pair.index, StringComparer.Ordinal);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteString("$schema", SchemaUri);
        writer.WriteString("version", "2.1.0");
        writer.WriteStartArray("runs");
        writer.WriteStartObject();

        WriteTool(report, writer);

        writer.WriteStartObject("originalUriBaseIds");
        writer.WriteStartObject(RootBaseId);
        writer.WriteString("uri", new Uri(report.Root.TrimEnd('/', '\\') + Path.DirectorySeparatorChar).AbsoluteUri);
        writer.WriteEndObject();
        writer.WriteEndObject();

        writer.WriteStartArray("invocations");
        writer.WriteStartObject();
        writer.WriteBoolean("executionSuccessful", true);
        writer.WriteStartArray("toolExecutionNotifications");
        foreach (AnalyzerCrash crash in report.Crashes)
        {
            writer.WriteStartObject();
            writer.WriteString("level", "error");
            writer.WriteStartObject("descriptor");
            writer.WriteString("id", "AD0001");
            writer.WriteEndObject();
            writer.WriteStartObject("message");
            writer.WriteString("text", $"{crash.Analyzer} threw {crash.ExceptionType} in {crash.Project}: {crash.Message}");
            writer.WriteEndObject();
            writer.WriteStartObject("exception");
            writer.WriteString("kind", crash.ExceptionType);
            writer.WriteString("message", crash.Message);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();

        writer.WriteStartArray("results");
        foreach (Finding finding in report.Findings)
        {
            writer.WriteStartObject();
            writer.WriteString("ruleId", finding.RuleId);
            if (ruleIndex.TryGetValue(finding.RuleId, out int index))
            {
                writer.WriteNumber("ruleIndex", index);
            }

            writer.WriteString("level", Level(finding.Severity));
            writer.WriteStartObject("message");
            writer.WriteString("text", finding.Message);
            writer.WriteEndObject();
            writer.WriteStartArray("locations");
            writer.WriteStartObject();
            writer.WriteStartObject("physicalLocation");
            writer.WriteStartObject("artifactLocation");
            if (finding.File.StartsWith('/') || Path.IsPathRooted(finding.File))
            {
                writer.WriteString("uri", new Uri(finding.File).AbsoluteUri);
            }
            else
            {
                writer.WriteString("uri", Uri.EscapeDataString(finding.File).Replace("%2F", "/", StringComparison.Ordinal));
                writer.WriteString("uriBaseId", RootBaseId);
            }

            writer.WriteEndObject();
            writer.WriteStartObject("region");
            writer.WriteNumber("startLine", finding.Line);
            writer.WriteNumber("startColumn", finding.Column);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteStartObject("partialFingerprints");
            writer.WriteString(FingerprintName, finding.LineHash);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteTool(ScanReport report, Utf8JsonWriter writer)
    {
        writer.WriteStartObject("tool");
        writer.WriteStartObject("driver");
        writer.WriteString("name", "SocketAnalyzers");
        writer.WriteString("version", ToolVersion.Text);
        writer.WriteString("informationUri", RuleIds.DocsBaseUri.Replace("/blob/main/docs/rules/", string.Empty, StringComparison.Ordinal));
        writer.WriteStartArray("rules");
        foreach (RuleDescription rule in report.Rules)
        {
            writer.WriteStartObject();
            writer.WriteString("id", rule.Id);
            writer.WriteStartObject("shortDescription");
            writer.WriteString("text", rule.Title);
            writer.WriteEndObject();
            writer.WriteString("helpUri", rule.HelpLink);
            writer.WriteStartObject("defaultConfiguration");
            writer.WriteBoolean("enabled", rule.EnabledByDefault);
            writer.WriteString("level", Level(rule.DefaultSeverity));
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>SARIF's levels for Roslyn's severities (hidden diagnostics are never reported).</summary>
    private static string Level(string severity) => severity.ToLowerInvariant() switch
    {
        "error" => "error",
        "warning" => "warning",
        _ => "note",
    };
}
