using System;
using System.Collections.Generic;
using System.Linq;

namespace SocketAnalyzers.Cli;

internal enum ReportFormat
{
    Text,
    Json,

    /// <summary>One finding per line (rule, file, line, line hash, message): the corpus results' format.</summary>
    JsonLines,
    Sarif,
    Markdown,
}

/// <summary>What one <c>socketanalyzers scan</c> was asked to do, as read from its command line.</summary>
internal sealed record ScanOptions(
    string TargetPath,
    bool NoRestore,
    bool SourceOnly,
    IReadOnlySet<string>? SelectedRules,
    bool AllRules,
    ReportFormat Format,
    string? OutputFile,
    string? BaselineFile,
    string? WriteBaselineFile,
    bool ShowProgress,
    bool VerifyFixes = false,
    bool FailOnBrokenFixes = false)
{
    public const string Usage = """
        Usage: socketanalyzers scan <path> [options]

          <path>                  a .sln, .slnx or .csproj file, or a folder (its projects, or its .cs files if it has none)

        Options:
          --no-restore            do not restore packages before loading projects
          --source-only           compile the .cs files against the running .NET's reference assemblies; load no project
          --rules SOCK001,SOCK005 report only these rules (an off-by-default rule named here is turned on)
          --all                   turn on the rules that are off by default
          --format FORMAT         text (default), json, jsonl, sarif or markdown
          --output FILE           write the report to FILE instead of the console
          --baseline FILE         do not report findings already in FILE
          --write-baseline FILE   write every finding of this scan to FILE as a baseline
          --no-progress           no progress display (it is shown only on an interactive console anyway)
          --verify-fixes          apply every code fix offered for each finding to an in-memory copy, compile it and run
                                  every rule again: report new compiler errors, the finding left in place, new SOCK
                                  diagnostics and the time, per action
          --fail-on-broken-fixes  with --verify-fixes: exit with 3 when any action broke something

        Exit codes: 0 no findings, 1 findings, 2 failure (bad arguments, nothing to scan, cancelled),
                    3 a fix broke something (only with --fail-on-broken-fixes).
        """;

    /// <summary>Reads <c>scan PATH [options]</c>; returns null and an error text when the arguments make no sense.</summary>
    public static ScanOptions? Parse(IReadOnlyList<string> arguments, out string? error)
    {
        error = null;
        if (arguments.Count == 0 || arguments[0] != "scan")
        {
            error = arguments.Count == 0 ? "No command given." : $"Unknown command '{arguments[0]}'.";
            return null;
        }

        string? targetPath = null;
        bool noRestore = false, sourceOnly = false, allRules = false, showProgress = true, verifyFixes = false, failOnBrokenFixes = false;
        HashSet<string>? selectedRules = null;
        ReportFormat format = ReportFormat.Text;
        string? outputFile = null, baselineFile = null, writeBaselineFile = null;

        for (int index = 1; index < arguments.Count; index++)
        {
            string argument = arguments[index];
            string? NextValue()
            {
                if (index + 1 >= arguments.Count)
                {
                    return null;
                }

                index++;
                return arguments[index];
            }

            switch (argument)
            {
                case "--no-restore":
                    noRestore = true;
                    break;
                case "--source-only":
                    sourceOnly = true;
                    break;
                case "--all":
                    allRules = true;
                    break;
                case "--no-progress":
                    showProgress = false;
                    break;
                case "--verify-fixes":
                    verifyFixes = true;
                    break;
                case "--fail-on-broken-fixes":
                    failOnBrokenFixes = true;
                    break;
                case "--rules":
                    string? rules = NextValue();
                    if (rules is null)
                    {
                        error = "--rules needs a list of rule IDs, e.g. --rules SOCK001,SOCK005.";
                        return null;
                    }

                    selectedRules = new HashSet<string>(
                        rules.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(rule => rule.ToUpperInvariant()),
                        StringComparer.Ordinal);
                    break;
                case "--format":
                    string? formatName = NextValue();
                    ReportFormat? parsedFormat = formatName?.ToLowerInvariant() switch
                    {
                        "text" => ReportFormat.Text,
                        "json" => ReportFormat.Json,
                        "jsonl" => ReportFormat.JsonLines,
                        "sarif" => ReportFormat.Sarif,
                        "markdown" or "md" => ReportFormat.Markdown,
                        _ => null,
                    };
                    if (parsedFormat is null)
                    {
                        error = $"Unknown format '{formatName}': use text, json, jsonl, sarif or markdown.";
                        return null;
                    }

                    format = parsedFormat.Value;
                    break;
                case "--output" or "-o":
                    outputFile = NextValue() ?? string.Empty;
                    break;
                case "--baseline":
                    baselineFile = NextValue() ?? string.Empty;
                    break;
                case "--write-baseline":
                    writeBaselineFile = NextValue() ?? string.Empty;
                    break;
                default:
                    if (argument.StartsWith('-'))
                    {
                        error = $"Unknown option '{argument}'.";
                        return null;
                    }

                    if (targetPath is not null)
                    {
                        error = $"Only one path can be scanned; got '{targetPath}' and '{argument}'.";
                        return null;
                    }

                    targetPath = argument;
                    break;
            }
        }

        if (targetPath is null)
        {
            error = "No path to scan.";
            return null;
        }

        if (outputFile == string.Empty || baselineFile == string.Empty || writeBaselineFile == string.Empty)
        {
            error = "--output, --baseline and --write-baseline each need a file name.";
            return null;
        }

        if (failOnBrokenFixes && !verifyFixes)
        {
            error = "--fail-on-broken-fixes needs --verify-fixes.";
            return null;
        }

        return new ScanOptions(targetPath, noRestore, sourceOnly, selectedRules, allRules, format, outputFile, baselineFile, writeBaselineFile, showProgress, verifyFixes, failOnBrokenFixes);
    }
}
