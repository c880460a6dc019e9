using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SocketAnalyzers.Performance.Corpus;

namespace SocketAnalyzers.Benchmarks;

/// <summary>
/// <c>--per-rule</c>: each analyzer of the package alone (so it pays for the shared flow analysis itself), on the
/// ordinary files and on the socket files separately: where the time goes when a budget is missed.
/// </summary>
internal static class Profile
{
    public static async Task Run(ImmutableArray<CorpusFile> files, AnalyzerSet ours, CancellationToken cancellationToken)
    {
        Console.WriteLine();
        Console.WriteLine("== Each SocketAnalyzers analyzer alone (pays the shared flow analysis itself)");
        var ordinary = Measure.Compile(files.Where(f => f.Kind == CorpusFileKind.Ordinary), ours.EnabledIds, cancellationToken);
        var socket = Measure.Compile(files.Where(f => f.Kind != CorpusFileKind.Ordinary), ours.EnabledIds, cancellationToken);
        Console.WriteLine($"  {"analyzer",-44} {"ordinary files",14} {"socket files",14}");
        foreach (var analyzer in ours.Analyzers)
        {
            var alone = ours with { Name = analyzer.GetType().Name, Analyzers = ImmutableArray.Create(analyzer) };
            var onOrdinary = await Measure.Analyze(ordinary, alone, cancellationToken);
            var onSocket = await Measure.Analyze(socket, alone, cancellationToken);
            Console.WriteLine($"  {alone.Name,-44} {onOrdinary.Total.TotalMilliseconds,11:N1} ms {onSocket.Total.TotalMilliseconds,11:N1} ms");
        }
    }
}
