using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Runtime;
using System.Text;
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

/// <summary>Runs apart from the other tests: a leaked socket must not be finalized by a collection another test triggers.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LeakedSocketCollection
{
    public const string Name = "Leaked sockets";
}

/// <summary>
/// SOCK005 on real sockets: a handler that leaks the socket it accepted leaves it in CLOSE_WAIT once the peer has
/// closed (the peer never sees the end of the stream); the same handler after each code fix closes it when it
/// returns, and the peer reads the reply and then 0. The fixed programs are the fix's own output, applied through
/// the workspace as the IDE would.
/// </summary>
[Collection(LeakedSocketCollection.Name)]
public sealed class Sock005FixBehaviorTests
{
    private const string Established = "01";
    private const string CloseWait = "08";

    private const string Program = """
        using System.Net.Sockets;

        public static class Server
        {
            // Accepts one connection, echoes one request, and returns without closing the connection.
            public static int Serve(Socket listener)
            {
                var connection = listener.Accept();
                var buffer = new byte[64];
                var count = connection.Receive(buffer);
                connection.Send(buffer, 0, count, SocketFlags.None);
                return count;
            }
        }
        """;

    [Fact]
    public async Task The_analyzer_reports_the_accept_and_offers_both_fixes()
    {
        var diagnostic = Assert.Single(await AnalyzeAsync(CreateDocument(Program), new ConnectionNotClosedAnalyzer()));

        Assert.Equal("listener.Accept()", Text(diagnostic));
        Assert.Equal("Path", diagnostic.Properties[ConnectionNotClosedAnalyzer.LeakKindProperty]);
        Assert.Equal(
            new[] { ConnectionNotClosedCodeFix.UsingEquivalenceKey, ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey },
            (await ActionsAsync(CreateDocument(Program), diagnostic)).Select(action => action.EquivalenceKey));
    }

    [LinuxFact]
    public async Task Before_the_fix_the_accepted_socket_stays_in_CLOSE_WAIT_after_the_peer_closes()
    {
        using var program = InMemoryProgram.Compile(Program);

        var result = await ServeOnceAsync(program);

        Assert.Equal(PeerEnd.StillOpen, result.PeerEnd);
        Assert.Equal(CloseWait, result.ServerState);
        // Only the finalizer ends it, and it closes abortively: the peer gets a reset, not an end of stream.
        Assert.NotEqual(CloseWait, result.ServerStateAfterCollection);
        Assert.Equal(PeerEnd.Reset, result.PeerEndAfterCollection);
    }

    [LinuxFact]
    public Task After_the_using_fix_the_socket_is_closed_when_the_handler_returns() =>
        AssertClosedWhenTheHandlerReturnsAsync(ConnectionNotClosedCodeFix.UsingEquivalenceKey);

    [LinuxFact]
    public Task After_the_close_in_finally_fix_the_socket_is_closed_when_the_handler_returns() =>
        AssertClosedWhenTheHandlerReturnsAsync(ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey);

    private static async Task AssertClosedWhenTheHandlerReturnsAsync(string equivalenceKey)
    {
        var fixedSource = await ApplyFixAsync(Program, equivalenceKey);
        using var program = InMemoryProgram.Compile(fixedSource);

        var result = await ServeOnceAsync(program);

        Assert.Equal(PeerEnd.EndOfStream, result.PeerEnd);
        Assert.NotEqual(CloseWait, result.ServerState);
    }

    [Theory]
    [InlineData(ConnectionNotClosedCodeFix.UsingEquivalenceKey, "using (var connection = listener.Accept())")]
    [InlineData(ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey, "connection.Shutdown(SocketShutdown.Both);")]
    public async Task The_fixed_program_compiles_with_CSharp_7_3_and_is_no_longer_reported(string equivalenceKey, string expected)
    {
        var fixedSource = await ApplyFixAsync(Program, equivalenceKey, LanguageVersion.CSharp7_3);

        using var program = InMemoryProgram.Compile(fixedSource, LanguageVersion.CSharp7_3);
        Assert.Contains(expected, fixedSource, StringComparison.Ordinal);
        Assert.Empty(await AnalyzeAsync(CreateDocument(fixedSource, LanguageVersion.CSharp7_3), new ConnectionNotClosedAnalyzer()));
    }

    [Fact]
    public async Task The_close_in_finally_fix_is_not_reported_by_SOCK008_either()
    {
        var fixedSource = await ApplyFixAsync(Program, ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey);

        Assert.Empty(await AnalyzeAsync(CreateDocument(fixedSource), new CloseWithoutShutdownAnalyzer()));
    }

    /// <summary>
    /// A peer connects and sends "ping"; the program's Serve accepts, echoes and returns; the peer reads the echo,
    /// waits briefly for the end of the stream, then ends its own side. Returns how the peer's read ended, the TCP
    /// state of the server's side of the connection afterwards (null when the kernel has dropped it), and how a read
    /// of the peer ends once the garbage collector has finalized whatever the program left behind.
    /// </summary>
    private static async Task<ServeResult> ServeOnceAsync(InMemoryProgram program)
    {
        using var listener = LoopbackPair.Listen();
        using var peer = LoopbackPair.NewSocket();
        using var observer = new LoopbackPeer(peer);
        await peer.ConnectAsync(listener.LocalEndPoint!);
        var serverPort = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var peerPort = ((IPEndPoint)peer.LocalEndPoint!).Port;
        peer.Send(Encoding.ASCII.GetBytes("ping"));

        // A leaked socket lives until a collection finalizes it (which closes it): keep collections out of the run
        // so the test sees what a server sees between two collections.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var noCollection = TryStartNoCollectionRegion();
        PeerObservation seen;
        string? serverState;
        try
        {
            var outcome = await InMemoryProgram.InvokeAsync(program.Method("Server.Serve"), new object?[] { listener }, LoopbackPair.DefaultTimeout);
            Assert.True(outcome.Returned, outcome.ToString());
            Assert.Equal(4, outcome.ReturnValue);

            seen = observer.ReadToEnd(TimeSpan.FromMilliseconds(300));
            Assert.Equal("ping", seen.ReceivedText);
            peer.Shutdown(SocketShutdown.Send);
            Eventually.Require(() => TcpStateOf(serverPort, peerPort) != Established, "the peer's end of stream has reached the server side");
            Thread.Sleep(100);
            serverState = TcpStateOf(serverPort, peerPort);
        }
        finally
        {
            if (noCollection && GCSettings.LatencyMode == GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var afterCollection = observer.ReadToEnd(TimeSpan.FromMilliseconds(300));
        return new ServeResult(seen.End, serverState, afterCollection.End, TcpStateOf(serverPort, peerPort));
    }

    private sealed record ServeResult(PeerEnd PeerEnd, string? ServerState, PeerEnd PeerEndAfterCollection, string? ServerStateAfterCollection);

    private static bool TryStartNoCollectionRegion()
    {
        try
        {
            return GC.TryStartNoGCRegion(16 * 1024 * 1024);
        }
        catch (ArgumentOutOfRangeException)
        {
            // More than this runtime's ephemeral budget: run without it (a collection in the window is unlikely).
            return false;
        }
    }

    /// <summary>The state column (hex: 01 ESTABLISHED, 06 TIME_WAIT, 08 CLOSE_WAIT ...) of the IPv4 connection between the two ports.</summary>
    private static string? TcpStateOf(int localPort, int remotePort)
    {
        var local = ":" + localPort.ToString("X4", CultureInfo.InvariantCulture);
        var remote = ":" + remotePort.ToString("X4", CultureInfo.InvariantCulture);
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[2].EndsWith(remote, StringComparison.Ordinal))
            {
                return fields[3];
            }
        }

        return null;
    }

    private static string Text(Diagnostic diagnostic) =>
        diagnostic.Location.SourceTree!.GetText().ToString(diagnostic.Location.SourceSpan);

    internal static Document CreateDocument(string source, LanguageVersion languageVersion = LanguageVersion.Latest)
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
                parseOptions: new CSharpParseOptions(languageVersion),
                metadataReferences: TestReferences.Net100))
            .AddDocument(DocumentId.CreateNewId(projectId), "Program.cs", SourceText.From(source));
        return solution.Projects.Single().Documents.Single();
    }

    internal static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Document document, DiagnosticAnalyzer analyzer)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(analyzer)).GetAnalyzerDiagnosticsAsync();
        return diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }

    private static async Task<List<CodeAction>> ActionsAsync(Document document, Diagnostic diagnostic)
    {
        var actions = new List<CodeAction>();
        await new ConnectionNotClosedCodeFix().RegisterCodeFixesAsync(
            new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
        return actions;
    }

    /// <summary>Applies the SOCK005 fix with <paramref name="equivalenceKey"/> one diagnostic at a time, as a user would, until none is left.</summary>
    private static async Task<string> ApplyFixAsync(string source, string equivalenceKey, LanguageVersion languageVersion = LanguageVersion.Latest)
    {
        var document = CreateDocument(source, languageVersion);
        for (var round = 0; round < 10; round++)
        {
            var diagnostic = (await AnalyzeAsync(document, new ConnectionNotClosedAnalyzer())).FirstOrDefault();
            if (diagnostic is null)
            {
                return (await document.GetTextAsync()).ToString();
            }

            var action = (await ActionsAsync(document, diagnostic)).Single(a => a.EquivalenceKey == equivalenceKey);
            var operations = await action.GetOperationsAsync(CancellationToken.None);
            document = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution.GetDocument(document.Id)!;
        }

        throw new InvalidOperationException("The fix did not remove its diagnostics in 10 rounds.");
    }
}
