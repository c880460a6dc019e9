using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SocketAnalyzers.PackageTests;
using Xunit;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>
/// <c>scan --verify-fixes</c> on folders without a project file (compiled source-only): every code action offered for
/// every finding is applied in memory, compiled and analyzed again. The fixes of the package must break nothing here:
/// a fix that added an error, left its finding or added a SOCK diagnostic would fail these tests.
/// </summary>
public sealed class VerifyFixesTests : IDisposable
{
    /// <summary>A SOCK003 finding on a write path (its fix must name both peer-gone twins, or SOCK002 reports it) and a SOCK005 one with two fixes.</summary>
    private const string Source = """
        using System;
        using System.Net.Sockets;

        namespace Checks;

        public static class Sender
        {
            public static void Send(Socket socket, byte[] data)
            {
                try { socket.Send(data); }
                catch (SocketException e) when (e.ErrorCode == 10054) { }
            }

            public static void Serve(Socket listener, byte[] buffer)
            {
                var client = listener.Accept();
                client.Send(buffer);
            }
        }
        """;

    private readonly TemporaryFolder temporary = new();

    [Fact]
    public void Every_action_is_applied_and_reported_per_rule_in_json()
    {
        string folder = Write("code", ("Checks.cs", Source));
        string report = Path.Combine(temporary.Path, "report.json");
        DotNetResult run = Tool.Scan(temporary.Path, folder, "--verify-fixes", "--format", "json", "--output", report);
        Assert.True(run.ExitCode == 1, run.ToString());

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        JsonElement verification = json.RootElement.GetProperty("fixVerification");
        var checks = verification.GetProperty("checks").EnumerateArray().ToList();
        Assert.Equal(
            new[] { ("SOCK003", 11), ("SOCK005", 16), ("SOCK005", 16) },
            checks.Select(check => (check.GetProperty("rule").GetString() ?? string.Empty, check.GetProperty("line").GetInt32())).ToArray());
        Assert.Equal(
            new[] { "SOCK003.CompareSocketErrorCode", "SOCK005.CloseInFinally", "SOCK005.Using" },
            checks.Select(check => check.GetProperty("equivalenceKey").GetString()).OrderBy(key => key, StringComparer.Ordinal).ToArray());
        Assert.Contains(checks, check => check.GetProperty("action").GetString() == "Compare SocketErrorCode with SocketError.ConnectionReset or SocketError.Shutdown");
        foreach (JsonElement check in checks)
        {
            string what = check.ToString();
            Assert.True(check.GetProperty("newErrors").GetInt32() == 0, what);
            Assert.False(check.GetProperty("diagnosticRemains").GetBoolean(), what);
            Assert.True(check.GetProperty("newSockDiagnostics").GetArrayLength() == 0, what);
            Assert.Equal(JsonValueKind.Null, check.GetProperty("failure").ValueKind);
            Assert.False(check.GetProperty("breaks").GetBoolean(), what);
            Assert.True(check.GetProperty("ms").GetInt64() >= 0, what);
        }

        Assert.Equal(3, verification.GetProperty("actions").GetInt32());
        Assert.Equal(0, verification.GetProperty("broken").GetInt32());
        JsonElement sock005 = verification.GetProperty("byRule").GetProperty("SOCK005");
        Assert.Equal(1, sock005.GetProperty("findings").GetInt32());
        Assert.Equal(2, sock005.GetProperty("actions").GetInt32());
        Assert.Equal(0, sock005.GetProperty("compileBreaking").GetInt32() + sock005.GetProperty("diagnosticLeft").GetInt32() + sock005.GetProperty("newSockDiagnostic").GetInt32());
    }

    [Fact]
    public void Text_report_has_the_summary_and_the_exit_code_changes_only_when_asked()
    {
        string folder = Write("code", ("Checks.cs", Source));
        DotNetResult text = Tool.Scan(temporary.Path, folder, "--verify-fixes");
        Assert.True(text.ExitCode == 1, text.ToString());
        Assert.Contains("Fix verification: 3 code action(s) applied on 2 finding(s); 0 broke something.", text.Output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\s+SOCK005\s+1\s+2\s+0\s+0\s+0\s+0\s+\d+\.\d s$", text.Output);

        // Nothing broke: --fail-on-broken-fixes keeps the findings' exit code.
        DotNetResult strict = Tool.Scan(temporary.Path, folder, "--verify-fixes", "--fail-on-broken-fixes");
        Assert.True(strict.ExitCode == 1, strict.ToString());

        DotNetResult alone = Tool.Scan(temporary.Path, folder, "--fail-on-broken-fixes");
        Assert.Equal(2, alone.ExitCode);

        // Without the option, no verification section.
        DotNetResult plain = Tool.Scan(temporary.Path, folder);
        Assert.DoesNotContain("Fix verification", plain.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void No_fix_breaks_the_demo()
    {
        string demo = Path.Combine(RepositoryRoot.Path, "samples", "Demo");
        string folder = Write("demo", Directory.EnumerateFiles(demo, "*.cs").Select(path => (Path.GetFileName(path), File.ReadAllText(path))).ToArray());
        string report = Path.Combine(temporary.Path, "demo.json");
        DotNetResult run = Tool.Scan(temporary.Path, folder, "--verify-fixes", "--fail-on-broken-fixes", "--format", "json", "--output", report);

        using JsonDocument json = JsonDocument.Parse(File.ReadAllText(report));
        JsonElement verification = json.RootElement.GetProperty("fixVerification");
        var broken = verification.GetProperty("checks").EnumerateArray().Where(check => check.GetProperty("breaks").GetBoolean()).Select(check => check.ToString()).ToList();
        Assert.True(broken.Count == 0, string.Join(Environment.NewLine, broken));
        Assert.True(verification.GetProperty("actions").GetInt32() >= 5, verification.ToString());
        Assert.True(run.ExitCode == 1, run.ToString());
    }

    public void Dispose() => temporary.Dispose();

    private string Write(string name, params (string File, string Text)[] files)
    {
        string folder = Path.Combine(temporary.Path, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, file), text);
        }

        return folder;
    }
}
