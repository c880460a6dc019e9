using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using static SocketBehavior.Tests.Sock005FixBehaviorTests;

namespace SocketBehavior.Tests;

/// <summary>
/// SOCK008 on real sockets: a handler that reads only part of the request, replies and closes sends RST (the peer
/// reads the reply, then ConnectionReset); after the code fix — the fix's own output, applied through the workspace
/// — the same handler shuts down first and the peer reads the reply, then a clean end of stream (0).
/// </summary>
public sealed class Sock008FixBehaviorTests
{
    /// <summary>SOCK008 is off by default: these programs belong to a project that turned it on.</summary>
    private static Document Sock008On(Document document)
    {
        var options = document.Project.CompilationOptions!;
        return document.Project
            .WithCompilationOptions(options.WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItem("SOCK008", ReportDiagnostic.Warn)))
            .GetDocument(document.Id)!;
    }

    private const string Program = """
        using System.Net.Sockets;
        using System.Text;

        public static class Server
        {
            // Reads the first bytes of the request only; the rest stays unread when the socket closes.
            public static string Close(Socket connection)
            {
                var buffer = new byte[4];
                connection.Receive(buffer);
                connection.Send(Encoding.ASCII.GetBytes("response"));
                connection.Close();
                return "closed";
            }

            public static string Using(Socket connection)
            {
                using (connection)
                {
                    var buffer = new byte[4];
                    connection.Receive(buffer);
                    connection.Send(Encoding.ASCII.GetBytes("response"));
                }

                return "disposed";
            }
        }
        """;

    [Fact]
    public async Task The_analyzer_reports_the_close_and_the_using()
    {
        var diagnostics = await AnalyzeAsync(Sock008On(CreateDocument(Program)), new CloseWithoutShutdownAnalyzer());

        Assert.Equal(new[] { "connection.Close()", "using" }, diagnostics.Select(d => d.Location.SourceTree!.GetText().ToString(d.Location.SourceSpan)));
    }

    [LinuxFact]
    public async Task Before_the_fix_the_peer_reads_the_response_then_a_reset()
    {
        using var program = InMemoryProgram.Compile(Program);

        foreach (var method in new[] { "Server.Close", "Server.Using" })
        {
            var run = await LoopbackHarness.RunAsync(program, method, SendRequest);

            Assert.True(run.Program.Returned, run.ToString());
            Assert.Equal("response", run.Peer.ReceivedText);
            Assert.Equal(PeerEnd.Reset, run.Peer.End);
        }
    }

    [Fact]
    public async Task After_the_fix_the_peer_reads_the_response_then_end_of_stream()
    {
        var fixedSource = await ApplyFixAsync(Program, LanguageVersion.Latest);
        using var program = InMemoryProgram.Compile(fixedSource);

        foreach (var method in new[] { "Server.Close", "Server.Using" })
        {
            var run = await LoopbackHarness.RunAsync(program, method, SendRequest);

            Assert.True(run.Program.Returned, run.ToString());
            Assert.Equal("response", run.Peer.ReceivedText);
            Assert.Equal(PeerEnd.EndOfStream, run.Peer.End);
        }
    }

    [Fact]
    public async Task The_fixed_program_compiles_with_CSharp_7_3_and_is_no_longer_reported()
    {
        var fixedSource = await ApplyFixAsync(Program, LanguageVersion.CSharp7_3);

        using var program = InMemoryProgram.Compile(fixedSource, LanguageVersion.CSharp7_3);
        Assert.Empty(await AnalyzeAsync(Sock008On(CreateDocument(fixedSource, LanguageVersion.CSharp7_3)), new CloseWithoutShutdownAnalyzer()));
        Assert.Empty(await AnalyzeAsync(Sock008On(CreateDocument(fixedSource, LanguageVersion.CSharp7_3)), new ConnectionNotClosedAnalyzer()));
        Assert.Equal(2, CountOf("connection.Shutdown(SocketShutdown.Both);", fixedSource));
    }

    /// <summary>More than the handler reads: "requ" is read, "est and more" stays in its receive buffer.</summary>
    private static void SendRequest(LoopbackPeer peer) => peer.Send("request and more");

    private static int CountOf(string text, string source) =>
        (source.Length - source.Replace(text, string.Empty, StringComparison.Ordinal).Length) / text.Length;

    /// <summary>Applies the SOCK008 fix one diagnostic at a time, as a user would, until none is left.</summary>
    private static async Task<string> ApplyFixAsync(string source, LanguageVersion languageVersion)
    {
        var document = Sock008On(CreateDocument(source, languageVersion));
        for (var round = 0; round < 10; round++)
        {
            var diagnostic = (await AnalyzeAsync(document, new CloseWithoutShutdownAnalyzer())).FirstOrDefault();
            if (diagnostic is null)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var actions = new List<CodeAction>();
            await new CloseWithoutShutdownCodeFix().RegisterCodeFixesAsync(
                new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
            var operations = await Assert.Single(actions).GetOperationsAsync(CancellationToken.None);
            document = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("The fix did not remove its diagnostics in 10 rounds.");
    }
}
