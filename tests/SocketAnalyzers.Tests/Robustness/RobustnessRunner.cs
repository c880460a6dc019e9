using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using SocketAnalyzers.Tests.Meta;

namespace SocketAnalyzers.Tests.Robustness;

/// <summary>What the robustness runner printed and how it ended.</summary>
internal sealed record RunnerResult(int ExitCode, string Output, string Error, string? CrashInput)
{
    /// <summary>Everything a failing assertion needs: exit code, output, and the input that was being analyzed if the process died.</summary>
    public string Describe() =>
        $"exit code {ExitCode}{Environment.NewLine}{Output}{Environment.NewLine}{Tail(Error)}" +
        (CrashInput is null ? "" : $"{Environment.NewLine}the process died analyzing:{Environment.NewLine}{CrashInput}");

    private static string Tail(string text) => string.Join(Environment.NewLine, text.Split('\n').TakeLast(40));
}

/// <summary>
/// Starts tests/SocketAnalyzers.Robustness (built with this project, same configuration) in a process of its own, so
/// that a stack overflow in an analyzer — which no catch can handle — fails the test instead of the test host.
/// </summary>
internal static class RobustnessRunner
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(10);

    public static RunnerResult Run(params string[] arguments)
    {
        var output = Directory.CreateTempSubdirectory("socketanalyzers-robustness-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RunnerPath());
        foreach (var argument in arguments.Concat(new[] { "--out", output }))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var standardError = process.StandardError.ReadToEndAsync();
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(HangGuard))
        {
            process.Kill(entireProcessTree: true);
        }

        process.WaitForExit();
        var current = Path.Combine(output, "current.txt");
        var crashInput = File.Exists(current) ? File.ReadAllText(current) + Environment.NewLine + File.ReadAllText(Path.Combine(output, "current.cs")) : null;
        return new RunnerResult(process.ExitCode, standardOutput.Result, standardError.Result, crashInput);
    }

    /// <summary>The runner's assembly, built in this test assembly's configuration (bin/&lt;configuration&gt;/net10.0).</summary>
    private static string RunnerPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var path = RepositoryRoot.File("tests", "SocketAnalyzers.Robustness", "bin", configuration, framework.Name, "SocketAnalyzers.Robustness.dll");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("the robustness runner is built with the tests (ProjectReference); not found", path);
        }

        return path;
    }
}
