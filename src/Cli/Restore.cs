using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;

namespace SocketAnalyzers.Cli;

/// <summary>The outcome of <c>dotnet restore</c>: which projects it could not restore, and why.</summary>
internal sealed record RestoreResult(bool Succeeded, IReadOnlyDictionary<string, string> ErrorsByProject, string? GeneralError);

/// <summary>Restores packages the way <c>dotnet build</c> would before it builds, by running <c>dotnet restore</c>.</summary>
internal static class Restore
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<RestoreResult> RunAsync(string projectOrSolution, CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(DotNetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(projectOrSolution)!,
        };
        startInfo.ArgumentList.Add("restore");
        startInfo.ArgumentList.Add(projectOrSolution);
        startInfo.ArgumentList.Add("--verbosity");
        startInfo.ArgumentList.Add("quiet");
        startInfo.ArgumentList.Add("-nologo");
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";

        using var process = new Process { StartInfo = startInfo };
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => AppendLine(output, e.Data);
        process.ErrorDataReceived += (_, e) => AppendLine(output, e.Data);
        try
        {
            process.Start();
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return new RestoreResult(false, new Dictionary<string, string>(), "dotnet restore could not start: " + exception.Message);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            return new RestoreResult(false, new Dictionary<string, string>(), $"dotnet restore did not finish within {Timeout.TotalMinutes} minutes");
        }

        string text;
        lock (output)
        {
            text = output.ToString();
        }

        var errors = ErrorsByProject(text);
        string? general = process.ExitCode == 0 ? null : FirstErrorLine(text) ?? $"dotnet restore exited with code {process.ExitCode}";
        return new RestoreResult(process.ExitCode == 0, errors, general);
    }

    /// <summary>NuGet reports each failure as <c>/path/Project.csproj : error NU1101: ...</c>; the first per project is kept.</summary>
    internal static IReadOnlyDictionary<string, string> ErrorsByProject(string restoreOutput)
    {
        var errors = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match match in Regex.Matches(restoreOutput, @"^\s*(?<project>\S.*?\.csproj)\s*:\s*error\s+(?<message>.*?)(\s*\[[^\]]*\])?\s*$", RegexOptions.Multiline))
        {
            string project = Path.GetFullPath(match.Groups["project"].Value);
            errors.TryAdd(project, match.Groups["message"].Value.Trim());
        }

        return errors;
    }

    private static string? FirstErrorLine(string text) =>
        text.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.Contains(": error ", StringComparison.Ordinal));

    private static void AppendLine(StringBuilder output, string? line)
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

    /// <summary>The host running this tool when it runs under <c>dotnet</c>, so the restore uses the same SDK family.</summary>
    internal static string DotNetHost()
    {
        string? hostPath = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(hostPath) && File.Exists(hostPath))
        {
            return hostPath;
        }

        string? processPath = Environment.ProcessPath;
        return processPath is not null && Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? processPath : "dotnet";
    }
}
