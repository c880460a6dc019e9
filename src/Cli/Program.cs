using System;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;
using SocketAnalyzers.Cli.Reports;

namespace SocketAnalyzers.Cli;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help" || (args.Length > 1 && args[1] is "-h" or "--help"))
        {
            Console.Out.WriteLine(ScanOptions.Usage);
            return args.Length == 0 ? ExitCodes.Failure : ExitCodes.NoFindings;
        }

        if (args[0] is "--version")
        {
            Console.Out.WriteLine(ToolVersion.Text);
            return ExitCodes.NoFindings;
        }

        ScanOptions? options = ScanOptions.Parse(args, out string? error);
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(ScanOptions.Usage);
            return ExitCodes.Failure;
        }

        ScanTarget? target = ScanTarget.Resolve(options.TargetPath, out error);
        if (target is null)
        {
            Console.Error.WriteLine(error);
            return ExitCodes.Failure;
        }

        // MSBuild's assemblies must be located before anything touches them; without an SDK every project falls back to its sources.
        string? msbuildUnavailable = target.HasProjects && !options.SourceOnly ? RegisterMSBuild() : null;

        using var cancellation = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C stops the scan between steps and kills a running restore; a second one ends the process.
            if (!cancellation.IsCancellationRequested)
            {
                e.Cancel = true;
                cancellation.Cancel();
            }
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            ScanReport report = await ProgressDisplay.RunAsync(
                options.ShowProgress,
                progress => new Scanner(options, target, ShippedAnalyzers.Load(), progress).ScanAsync(msbuildUnavailable, cancellation.Token)).ConfigureAwait(false);

            if (options.WriteBaselineFile is not null)
            {
                Baseline.Write(options.WriteBaselineFile, report.Findings);
            }

            if (options.BaselineFile is not null)
            {
                report = Baseline.Apply(options.BaselineFile, report);
            }

            WriteReport(report, options);
            return report.ExitCode;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("Cancelled.");
            return ExitCodes.Failure;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or InvalidDataException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine("socketanalyzers: " + exception.Message);
            return ExitCodes.Failure;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>Returns why MSBuild cannot be used, or null once the SDK's MSBuild is registered.</summary>
    private static string? RegisterMSBuild()
    {
        if (MSBuildLocator.IsRegistered)
        {
            return null;
        }

        try
        {
            MSBuildLocator.RegisterDefaults();
            return null;
        }
        catch (InvalidOperationException exception)
        {
            return "no .NET SDK with MSBuild found: " + exception.Message;
        }
    }

    private static void WriteReport(ScanReport report, ScanOptions options)
    {
        Stream stream = options.OutputFile is null ? Console.OpenStandardOutput() : File.Create(options.OutputFile);
        using (stream)
        {
            switch (options.Format)
            {
                case ReportFormat.Json:
                    JsonReport.Write(report, stream);
                    break;
                case ReportFormat.Sarif:
                    SarifReport.Write(report, stream);
                    break;
                default:
                    using (var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false)))
                    {
                        if (options.Format == ReportFormat.JsonLines)
                        {
                            JsonReport.WriteLines(report.Findings, writer);
                        }
                        else if (options.Format == ReportFormat.Markdown)
                        {
                            MarkdownReport.Write(report, writer);
                        }
                        else
                        {
                            TextReport.Write(report, writer);
                        }
                    }

                    break;
            }
        }
    }
}
