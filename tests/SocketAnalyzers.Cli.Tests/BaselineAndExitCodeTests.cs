using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SocketAnalyzers.PackageTests;
using Xunit;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>
/// A folder without a project file (compiled source-only, so these runs are quick): exit codes, rule selection and
/// the baseline, which must keep matching after lines are added above a finding and the line is re-indented.
/// </summary>
public sealed class BaselineAndExitCodeTests : IDisposable
{
    private const string PeerGoneCheck = """
        using System.Net.Sockets;

        public static class Checks
        {
            public static bool IsPeerGone(SocketException error) => error.Message.Contains("Connection reset by peer");
        }
        """;

    private readonly TemporaryFolder temporary = new();
    private readonly string workFolder;
    private readonly string sourceFolder;
    private readonly string sourceFile;

    public BaselineAndExitCodeTests()
    {
        workFolder = temporary.Path;
        sourceFolder = Path.Combine(workFolder, "code");
        Directory.CreateDirectory(sourceFolder);
        sourceFile = Path.Combine(sourceFolder, "Checks.cs");
        File.WriteAllText(sourceFile, PeerGoneCheck);
    }

    public void Dispose() => temporary.Dispose();

    [Fact]
    public void A_folder_without_a_project_is_compiled_from_its_sources()
    {
        DotNetResult run = Tool.Scan(workFolder, sourceFolder);
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("code: source only (the folder has no project file)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Checks.cs:5:", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Exit_code_is_0_without_findings_and_2_when_the_scan_cannot_run()
    {
        DotNetResult otherRuleOnly = Tool.Scan(workFolder, sourceFolder, "--rules", "SOCK001");
        Assert.True(otherRuleOnly.ExitCode == 0, otherRuleOnly.ToString());
        Assert.Contains("0 findings", otherRuleOnly.Output, StringComparison.Ordinal);

        DotNetResult missingPath = Tool.Scan(workFolder, Path.Combine(workFolder, "does-not-exist"));
        Assert.True(missingPath.ExitCode == 2, missingPath.ToString());

        DotNetResult unknownOption = Tool.Scan(workFolder, sourceFolder, "--no-such-option");
        Assert.True(unknownOption.ExitCode == 2, unknownOption.ToString());
    }

    [Fact]
    public void An_off_by_default_rule_reports_with_all_or_when_named()
    {
        File.WriteAllText(sourceFile, """
            using System.Net.Sockets;

            public sealed class Session
            {
                private readonly Socket socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                public void Kick()
                {
                    socket.LingerState = new LingerOption(true, 0);
                    socket.Close();
                }
            }
            """);

        DotNetResult byDefault = Tool.Scan(workFolder, sourceFolder);
        Assert.DoesNotContain("SOCK009", byDefault.Output, StringComparison.Ordinal);

        DotNetResult all = Tool.Scan(workFolder, sourceFolder, "--all");
        Assert.True(all.ExitCode == 1, all.ToString());
        Assert.Contains("SOCK009: Abortive close by design (1)", all.Output, StringComparison.Ordinal);

        DotNetResult named = Tool.Scan(workFolder, sourceFolder, "--rules", "SOCK009");
        Assert.True(named.ExitCode == 1, named.ToString());
        Assert.Contains("SOCK009: Abortive close by design (1)", named.Output, StringComparison.Ordinal);
        Assert.Contains("1 finding in", named.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Baseline_hides_known_findings_after_edits_above_them_and_reports_new_ones()
    {
        string baseline = Path.Combine(workFolder, "baseline.jsonl");
        DotNetResult first = Tool.Scan(workFolder, sourceFolder, "--write-baseline", baseline);
        Assert.True(first.ExitCode == 1, first.ToString());
        Assert.True(File.Exists(baseline), first.ToString());

        // Lines added above and the finding's line re-indented: the line number changes, the normalized line does not.
        File.WriteAllText(sourceFile, "// a comment\n// another\n\n" + PeerGoneCheck.Replace("    public static bool", "        public static bool", StringComparison.Ordinal));
        DotNetResult moved = Tool.Scan(workFolder, sourceFolder, "--baseline", baseline);
        Assert.True(moved.ExitCode == 0, moved.ToString());
        Assert.Contains("0 findings (1 more in the baseline, not shown)", moved.Output, StringComparison.Ordinal);

        File.AppendAllText(sourceFile, """

            public static class MoreChecks
            {
                public static bool IsBrokenPipe(SocketException error) => error.Message.Contains("Broken pipe");
            }
            """);
        string report = Path.Combine(workFolder, "report.json");
        DotNetResult added = Tool.Scan(workFolder, sourceFolder, "--baseline", baseline, "--format", "json", "--output", report);
        Assert.True(added.ExitCode == 1, added.ToString());
        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        JsonElement finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Contains("Broken pipe", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, json.RootElement.GetProperty("baselineMatched").GetInt32());
    }

    [Fact]
    public void Markdown_report_has_the_summary_table_and_the_findings_by_rule()
    {
        DotNetResult run = Tool.Scan(workFolder, sourceFolder, "--format", "markdown");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("| Project | Load | SOCK003 | Total |", run.Output, StringComparison.Ordinal);
        Assert.Contains("### [SOCK003](", run.Output, StringComparison.Ordinal);
        Assert.Contains("- `Checks.cs:5:", run.Output, StringComparison.Ordinal);
    }
}
