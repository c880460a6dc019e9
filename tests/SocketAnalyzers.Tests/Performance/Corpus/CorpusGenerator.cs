using System.Collections.Immutable;
using System.Linq;

namespace SocketAnalyzers.Performance.Corpus;

internal enum CorpusFileKind
{
    /// <summary>Application code with no connection.</summary>
    Ordinary,

    /// <summary>Servers, clients, sessions, helpers: every rule's territory.</summary>
    Socket,

    /// <summary>A single very large or very deeply nested method.</summary>
    Stress,
}

internal sealed record CorpusFile(string Path, string Text, CorpusFileKind Kind)
{
    public int Lines { get; } = OrdinaryCode.CountLines(Text);
}

/// <summary>How much code of each kind a corpus has.</summary>
internal sealed record CorpusShape(
    int OrdinaryFiles,
    int OrdinaryLinesPerFile,
    int SocketFiles,
    int SocketLinesPerFile,
    ImmutableArray<int> LargeMethodStatements,
    ImmutableArray<int> NestingDepths)
{
    /// <summary>The benchmark's corpus: about 129,000 lines in 420 files, one file in six (29 % of the lines) socket-heavy.</summary>
    public static CorpusShape Benchmark { get; } = new(
        OrdinaryFiles: 350,
        OrdinaryLinesPerFile: 250,
        SocketFiles: 70,
        SocketLinesPerFile: 500,
        LargeMethodStatements: ImmutableArray<int>.Empty,
        NestingDepths: ImmutableArray<int>.Empty);

    /// <summary>The test suite's smoke corpus: a few files of each kind, a very large method and deep nesting.</summary>
    public static CorpusShape Smoke { get; } = new(
        OrdinaryFiles: 6,
        OrdinaryLinesPerFile: 200,
        SocketFiles: 4,
        SocketLinesPerFile: 500,
        LargeMethodStatements: ImmutableArray.Create(2_000),
        NestingDepths: ImmutableArray.Create(100));
}

/// <summary>
/// A deterministic generator of a realistic C# corpus (same text on every run and machine): most files ordinary
/// code with no connection, the rest socket-heavy, plus optional stress methods. It compiles without errors against
/// the .NET 10 reference assemblies.
/// </summary>
internal static class CorpusGenerator
{
    public static ImmutableArray<CorpusFile> Generate(CorpusShape shape)
    {
        var files = ImmutableArray.CreateBuilder<CorpusFile>();
        int socketFile = 0;
        int total = shape.OrdinaryFiles + shape.SocketFiles;
        for (int index = 0; index < total; index++)
        {
            // Socket files are spread through the corpus the way they are through a project.
            bool socket = socketFile < shape.SocketFiles && (long)index * shape.SocketFiles >= (long)socketFile * total;
            if (socket)
            {
                files.Add(SocketCode.File(socketFile++, shape.SocketLinesPerFile));
            }
            else
            {
                files.Add(OrdinaryCode.File(index - socketFile, shape.OrdinaryLinesPerFile));
            }
        }

        files.AddRange(shape.LargeMethodStatements.Select(StressCode.LargeMethod));
        files.AddRange(shape.NestingDepths.Select(StressCode.NestedTry));
        return files.ToImmutable();
    }
}
