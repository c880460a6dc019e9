using System.IO;

namespace SocketAnalyzers.Cli.Reports;

internal static class SarifReport
{
    public static void Write(ScanReport report, Stream stream) => JsonReport.Write(report, stream);
}
