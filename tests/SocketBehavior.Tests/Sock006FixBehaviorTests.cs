using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;

namespace SocketBehavior.Tests;

/// <summary>
/// SOCK006 on real sockets: a read loop that does not leave on 0 spins after the peer's FIN and never closes
/// (the peer's connection stays open); the same program after the code fix stops at the end of the stream, and
/// where it owns the connection ends it cleanly (the peer reads everything, then 0); a stream it was given is left to
/// its owner. Each loop has an iteration guard, so the buggy version ends too.
/// </summary>
public sealed class Sock006FixBehaviorTests
{
    private const int MaxReads = 100_000;

    private const string Program = """
        using System.Net;
        using System.Net.Sockets;

        public static class Program
        {
            public const int MaxReads = 100000;

            // Connects its own socket and echoes what it reads; returns how many reads returned 0 (end of stream)
            // before the loop stopped.
            public static int Echo(int port)
            {
                var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                connection.Connect(IPAddress.Loopback, port);
                var buffer = new byte[64];
                var reads = 0;
                var endOfStreamReads = 0;
                while (reads < MaxReads)
                {
                    var n = connection.Receive(buffer);
                    reads++;
                    if (n == 0)
                    {
                        endOfStreamReads++;
                    }

                    connection.Send(buffer, 0, n, SocketFlags.None);
                }

                return endOfStreamReads;
            }

            // Reads a stream it was given and discards the count; returns how many reads ran before the loop stopped.
            public static int Drain(NetworkStream stream)
            {
                var buffer = new byte[64];
                var reads = 0;
                while (reads < MaxReads)
                {
                    stream.Read(buffer, 0, buffer.Length);
                    reads++;
                }

                return reads;
            }
        }
        """;

    [Fact]
    public async Task The_analyzer_reports_both_read_loops()
    {
        var diagnostics = await AnalyzeAsync(CreateDocument(Program));

        Assert.Equal(new[] { "connection.Receive(buffer)", "stream.Read(buffer, 0, buffer.Length)" }, diagnostics.Select(Text));
    }

    [Fact]
    public async Task Before_the_fix_the_loop_spins_on_0()
    {
        using var program = InMemoryProgram.Compile(Program);
        var clock = Stopwatch.StartNew();

        var run = await LoopbackHarness.RunAsync(program, "Program.Echo", PeerSendsThenEnds, peerReadTimeout: TimeSpan.FromMilliseconds(300));

        // Every read after the FIN returned 0 at once: the guard, not the end of the stream, stopped the loop.
        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal(MaxReads - 1, run.Program.ReturnValue);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{MaxReads} reads took {clock.Elapsed}");
        Assert.Equal("hello", run.Peer.ReceivedText);
        // What the peer sees next depends on when the leaked socket is finalized (an abortive close), so it is not asserted.
    }

    [Fact]
    public async Task After_the_fix_the_loop_ends_at_the_end_of_stream_and_the_peer_sees_a_clean_end()
    {
        var fixedSource = await ApplyAllFixesAsync(Program);
        using var program = InMemoryProgram.Compile(fixedSource);

        var echo = await LoopbackHarness.RunAsync(program, "Program.Echo", PeerSendsThenEnds);
        var drain = await LoopbackHarness.RunAsync(program, "Program.Drain", PeerSendsThenEnds, peerReadTimeout: TimeSpan.FromMilliseconds(300));

        Assert.True(echo.Program.Returned, echo.ToString());
        Assert.Equal(0, echo.Program.ReturnValue);
        Assert.Equal("hello", echo.Peer.ReceivedText);
        Assert.Equal(PeerEnd.EndOfStream, echo.Peer.End);

        // The stream was given to Drain: the fixed loop stops, and closing is left to its owner (here the harness,
        // after the peer has looked): the peer sees the connection still open, not a spin.
        Assert.True(drain.Program.Returned, drain.ToString());
        Assert.True((int)drain.Program.ReturnValue! < 10, drain.ToString());
        Assert.Equal(PeerEnd.StillOpen, drain.Peer.End);
    }

    [Fact]
    public async Task The_fixed_program_compiles_with_CSharp_7_3_and_is_no_longer_reported()
    {
        var fixedSource = await ApplyAllFixesAsync(Program);

        using var program = InMemoryProgram.Compile(fixedSource, LanguageVersion.CSharp7_3);
        Assert.Empty(await AnalyzeAsync(CreateDocument(fixedSource)));
        Assert.Contains("if (n == 0)", fixedSource, StringComparison.Ordinal);
    }

    /// <summary>The peer sends a request and ends its sending side (FIN), then reads what comes back.</summary>
    private static void PeerSendsThenEnds(LoopbackPeer peer)
    {
        peer.Send("hello");
        peer.ShutdownSend();
    }

    private static string Text(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    private static Document CreateDocument(string source)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution
            .AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Program",
                "Program",
                LanguageNames.CSharp,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                metadataReferences: TestReferences.Net100))
            .AddDocument(DocumentId.CreateNewId(projectId), "Program.cs", SourceText.From(source));
        return solution.Projects.Single().Documents.Single();
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ZeroByteReadNotEndOfStreamAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    /// <summary>Applies the SOCK006 fix one diagnostic at a time, as a user would, until none is left.</summary>
    private static async Task<string> ApplyAllFixesAsync(string source)
    {
        var document = CreateDocument(source);
        var fix = new ZeroByteReadNotEndOfStreamCodeFix();
        for (var round = 0; round < 10; round++)
        {
            var diagnostic = (await AnalyzeAsync(document)).FirstOrDefault();
            if (diagnostic is null)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var actions = new List<CodeAction>();
            await fix.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            document = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("The fix did not remove its diagnostics in 10 rounds.");
    }
}
