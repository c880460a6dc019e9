using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SocketAnalyzers.PackageTests;
using Xunit;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>The generated solution scanned once as JSON (with restore), shared by the tests that read that report.</summary>
public sealed class ScannedSolution : IDisposable
{
    public ScannedSolution()
    {
        Solution = new GeneratedSolution();
        JsonRun = Tool.Scan(Solution.Folder, Solution.SolutionPath, "--format", "json");
        Report = JsonDocument.Parse(JsonRun.Output[JsonRun.Output.IndexOf('{')..]);
    }

    public GeneratedSolution Solution { get; }

    internal DotNetResult JsonRun { get; }

    public JsonDocument Report { get; }

    public void Dispose()
    {
        Report.Dispose();
        Solution.Dispose();
    }
}

public sealed class ScanTests : IClassFixture<ScannedSolution>
{
    private readonly ScannedSolution scanned;

    public ScanTests(ScannedSolution scanned) => this.scanned = scanned;

    [Fact]
    public void A_project_that_restores_loads_through_MSBuild_with_its_package()
    {
        JsonElement loads = Project("Loads");
        Assert.Equal("msbuild", loads.GetProperty("loadMode").GetString());
        Assert.Equal(JsonValueKind.Null, loads.GetProperty("fallbackReason").ValueKind);

        // Xunit.Assert binds only if the package reference came through.
        Assert.Equal(0, loads.GetProperty("compileErrors").GetInt32());
    }

    [Fact]
    public void A_project_that_cannot_restore_falls_back_to_its_sources_and_says_why()
    {
        JsonElement broken = Project("Broken");
        Assert.Equal("source-only", broken.GetProperty("loadMode").GetString());
        Assert.Contains("NU1101", broken.GetProperty("fallbackReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_of_both_projects_are_reported_with_their_place_and_line_hash()
    {
        Assert.Equal(1, scanned.JsonRun.ExitCode);
        var findings = scanned.Report.RootElement.GetProperty("findings").EnumerateArray()
            .Select(finding => (
                Rule: finding.GetProperty("rule").GetString() ?? string.Empty,
                File: finding.GetProperty("file").GetString() ?? string.Empty,
                Line: finding.GetProperty("line").GetInt32(),
                Hash: finding.GetProperty("lineHash").GetString() ?? string.Empty))
            .ToList();
        Assert.Equal(
            new[] { ("SOCK003", "Broken/Broken.cs", 9), ("SOCK003", "Loads/Loads.cs", 10) },
            findings.Select(finding => (finding.Rule, finding.File, finding.Line)).ToArray());
        Assert.All(findings, finding => Assert.Matches("^[0-9a-f]{16}$", finding.Hash));
        Assert.Equal(1, Project("Loads").GetProperty("findingsByRule").GetProperty("SOCK003").GetInt32());
    }

    [Fact]
    public void Text_report_groups_findings_by_rule_and_names_the_fallback()
    {
        DotNetResult run = Tool.Scan(scanned.Solution.Folder, scanned.Solution.SolutionPath, "--no-restore");
        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("SOCK003: Socket error identified by message text or native error number (2)", run.Output, StringComparison.Ordinal);
        Assert.Contains("Loads/Loads.cs:10:", run.Output, StringComparison.Ordinal);
        Assert.Contains("docs/rules/SOCK003.md", run.Output, StringComparison.Ordinal);
        // Restored already (by the fixture's first scan), so the build itself replays the missing package.
        Assert.Matches(@"Broken: source only \(not restored: Unable to find package", run.Output);
        Assert.Contains("2 findings", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sarif_report_has_the_shape_the_2_1_0_schema_requires()
    {
        string sarifPath = Path.Combine(scanned.Solution.Folder, "scan.sarif");
        DotNetResult run = Tool.Scan(scanned.Solution.Folder, scanned.Solution.SolutionPath, "--source-only", "--format", "sarif", "--output", sarifPath);
        Assert.True(run.ExitCode == 1, run.ToString());
        SarifShape.AssertValid(File.ReadAllText(sarifPath), expectedResults: 2);
    }

    private JsonElement Project(string name) =>
        scanned.Report.RootElement.GetProperty("projects").EnumerateArray().Single(project => project.GetProperty("name").GetString() == name);
}
