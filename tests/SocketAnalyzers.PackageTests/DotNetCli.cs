using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Text;

namespace SocketAnalyzers.PackageTests;

/// <summary>The outcome of one <c>dotnet</c> run, printable into an assertion message.</summary>
internal sealed record DotNetResult(string CommandLine, int ExitCode, string Output, bool TimedOut)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public override string ToString() =>
        $"> dotnet {CommandLine}{Environment.NewLine}exit code {(TimedOut ? "(timed out)" : ExitCode.ToString())}{Environment.NewLine}{Output}";
}

/// <summary>Runs the <c>dotnet</c> CLI as a separate process with a timeout, capturing stdout and stderr together.</summary>
internal static class DotNetCli
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(5);

    public static DotNetResult Run(
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment,
        params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(DotNetHostPath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // `dotnet test` runs this process with MSBuild's variables set for the outer build; a child build
        // must find its own SDK paths, so they are removed rather than inherited.
        foreach (string name in startInfo.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            startInfo.Environment.Remove(name);
        }

        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (KeyValuePair<string, string> variable in environment)
            {
                startInfo.Environment[variable.Key] = variable.Value;
            }
        }

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        bool exited = process.WaitForExit((int)DefaultTimeout.TotalMilliseconds);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            // Drains the asynchronous output readers.
            process.WaitForExit();
        }

        string commandLine = string.Join(" ", arguments.Select(argument => argument.Contains(' ') ? "\"" + argument + "\"" : argument));
        lock (output)
        {
            return new DotNetResult(commandLine, exited ? process.ExitCode : -1, output.ToString(), TimedOut: !exited);
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string DotNetHostPath()
    {
        // Set by the SDK for the processes it starts; the same host that runs this test.
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(hostPath) && System.IO.File.Exists(hostPath) ? hostPath : "dotnet";
    }
}
