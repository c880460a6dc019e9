using System;
using System.Globalization;
using System.IO;
using SocketAnalyzers.PackageTests;
using Xunit;

namespace SocketAnalyzers.Cli.Tests;

/// <summary>The tool as a user gets it: packed, installed with <c>dotnet tool install</c>, run by its command name.</summary>
public sealed class PackedToolTests : IDisposable
{
    private readonly TemporaryFolder temporary = new();

    public void Dispose() => temporary.Dispose();

    [Fact]
    public void Packed_tool_installs_from_a_folder_and_scans_with_the_analyzers_it_carries()
    {
        string workFolder = temporary.Path;
        string feed = Path.Combine(workFolder, "feed");
        string toolPath = Path.Combine(workFolder, "tool");
        string code = Path.Combine(workFolder, "code");
        Directory.CreateDirectory(code);
        File.WriteAllText(Path.Combine(code, "Checks.cs"), """
            using System.Net.Sockets;

            public static class Checks
            {
                public static bool IsPeerGone(SocketException error) => error.ErrorCode == 10054;
            }
            """);

        // A version no earlier run used, so no NuGet cache can hold a stale package under it. Restored already by the
        // solution's restore; --no-restore leaves the assets files that other test processes read alone.
        string version = "0.0.0-tooltest." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        DotNetResult pack = DotNetCli.Run(
            RepositoryRoot.Path,
            environment: null,
            "pack", Path.Combine("src", "Cli", "SocketAnalyzers.Cli.csproj"), "-c", "Release", "--no-restore", "-o", feed, "-p:PackageVersion=" + version);
        Assert.True(pack.Succeeded, pack.ToString());

        DotNetResult install = DotNetCli.Run(
            workFolder,
            environment: null,
            "tool", "install", "--tool-path", toolPath, "--add-source", feed, "--version", version, "SocketAnalyzers.Cli");
        Assert.True(install.Succeeded, install.ToString());

        string command = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "socketanalyzers.exe" : "socketanalyzers");
        var scan = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(command, new[] { "scan", code, "--no-progress" })
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        string output = scan.StandardOutput.ReadToEnd() + scan.StandardError.ReadToEnd();
        Assert.True(scan.WaitForExit(TimeSpan.FromMinutes(5)), output);
        Assert.True(scan.ExitCode == 1, output);
        Assert.Contains("SOCK003", output, StringComparison.Ordinal);
        Assert.Contains("Checks.cs:5:", output, StringComparison.Ordinal);
    }
}
