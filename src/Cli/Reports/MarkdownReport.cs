using System.IO;

namespace SocketAnalyzers.Cli.Reports;

internal static class MarkdownReport
{
    public static void Write(ScanReport report, TextWriter writer) => TextReport.Write(report, writer);
}
