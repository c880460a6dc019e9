using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Net.Sockets;
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

/// <summary>
/// SOCK001 proven on real sockets: a program with the "send an error reply in the catch" bug fails with a broken pipe
/// when the peer has reset the connection; the same program after the real SOCK001 code fix (the analyzer and the
/// fix run on it here, nothing is hand-written) throws nothing, releases the connection where it owns it, and leaves a
/// connection it was given to its owner.
/// The peer aborts first (RST), so the program's read fails for real.
/// </summary>
public sealed class Sock001FixBehaviorTests
{
    /// <summary>The fix must compile wherever the analyzers run.</summary>
    private const LanguageVersion OldestLanguage = LanguageVersion.CSharp7_3;

    private const string SocketProgram = """
        using System;
        using System.Net.Sockets;
        using System.Text;

        public static class Program
        {
            public static string Run(Socket connection)
            {
                Handle(connection);
                return connection.SafeHandle.IsClosed ? "released" : "still open";
            }

            private static void Handle(Socket connection)
            {
                var request = new byte[64];
                try
                {
                    connection.Receive(request);
                }
                catch (SocketException)
                {
                    connection.Send(Encoding.ASCII.GetBytes("ERR could not read the request\n"));
                }
            }
        }
        """;

    /// <summary>Connects its own socket: the method owns it, so the fix closes it (the handle is kept to look at it after).</summary>
    private const string OwnedSocketProgram = """
        using System;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Text;

        public static class Program
        {
            private static SafeHandle s_handle;

            public static string State() => s_handle is null ? "not connected" : s_handle.IsClosed ? "released" : "still open";

            public static void Run(int port)
            {
                var connection = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                s_handle = connection.SafeHandle;
                connection.Connect(IPAddress.Loopback, port);
                var request = new byte[64];
                try
                {
                    connection.Receive(request);
                }
                catch (SocketException)
                {
                    connection.Send(Encoding.ASCII.GetBytes("ERR could not read the request\n"));
                }
            }
        }
        """;

    /// <summary>A writer over the stream of a client the method connected: the fix disposes the client, not the writer.</summary>
    private const string StreamWriterProgram = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Runtime.InteropServices;
        using System.Text;

        public static class Program
        {
            private static SafeHandle s_handle;

            public static string State() => s_handle is null ? "not connected" : s_handle.IsClosed ? "released" : "still open";

            public static void Run(int port)
            {
                var client = new TcpClient(AddressFamily.InterNetwork);
                s_handle = client.Client.SafeHandle;
                client.Connect(IPAddress.Loopback, port);
                var stream = client.GetStream();
                var writer = new StreamWriter(stream, new UTF8Encoding(false));
                var request = new byte[64];
                try
                {
                    stream.Read(request, 0, request.Length);
                }
                catch (IOException)
                {
                    writer.WriteLine("ERR could not read the request");
                    writer.Flush();
                }
            }
        }
        """;

    [Fact]
    public async Task Socket_error_reply_fails_with_a_broken_pipe()
    {
        var run = await LoopbackHarness.RunAsync(SocketProgram, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.IsType<SocketException>(run.Program.Exception);
        Assert.Equal(SocketError.Shutdown, run.Program.SocketErrorCode);
    }

    /// <summary>The connection was given to the method: the fix only leaves, and the owner (the caller) still has it to close.</summary>
    [Fact]
    public async Task Socket_error_reply_after_the_fix_leaves_a_borrowed_connection_to_its_owner()
    {
        var fixedProgram = await ApplySock001FixAsync(SocketProgram, expectedDiagnostics: 1);

        Assert.DoesNotContain("ERR could not read", fixedProgram, StringComparison.Ordinal);
        Assert.DoesNotContain("connection.Close()", fixedProgram, StringComparison.Ordinal);
        Assert.DoesNotContain("connection.Dispose()", fixedProgram, StringComparison.Ordinal);
        var run = await LoopbackHarness.RunAsync(fixedProgram, "Program.Run", peer => peer.Abort(), OldestLanguage);

        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal("still open", run.Program.ReturnValue);
    }

    [Fact]
    public async Task Owned_socket_error_reply_fails_with_a_broken_pipe()
    {
        using var program = InMemoryProgram.Compile(OwnedSocketProgram, OldestLanguage);
        var run = await LoopbackHarness.RunAsync(program, "Program.Run", peer => peer.Abort());

        Assert.IsType<SocketException>(run.Program.Exception);
        Assert.Equal(SocketError.Shutdown, run.Program.SocketErrorCode);
    }

    [Fact]
    public async Task Owned_socket_error_reply_after_the_fix_is_released_without_a_second_exception()
    {
        var fixedProgram = await ApplySock001FixAsync(OwnedSocketProgram, expectedDiagnostics: 1);

        Assert.DoesNotContain("ERR could not read", fixedProgram, StringComparison.Ordinal);
        Assert.Contains("connection.Dispose();", fixedProgram, StringComparison.Ordinal);
        using var program = InMemoryProgram.Compile(fixedProgram, OldestLanguage);
        var run = await LoopbackHarness.RunAsync(program, "Program.Run", peer => peer.Abort());

        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal("released", program.Method("Program.State").Invoke(null, null));
    }

    [Fact]
    public async Task Writer_error_reply_fails_with_a_broken_pipe()
    {
        using var program = InMemoryProgram.Compile(StreamWriterProgram, OldestLanguage);
        var run = await LoopbackHarness.RunAsync(program, "Program.Run", peer => peer.Abort());

        Assert.IsType<IOException>(run.Program.Exception);
        Assert.Equal(SocketError.Shutdown, run.Program.InnerSocketErrorCode);
    }

    [Fact]
    public async Task Writer_error_reply_after_the_fix_releases_the_client_without_a_second_exception()
    {
        // Both writes are reported; once the first is replaced, the flush after it goes too. The writer is not
        // disposed: with buffered data its Dispose would flush to the dead peer and throw (measured).
        var fixedProgram = await ApplySock001FixAsync(StreamWriterProgram, expectedDiagnostics: 2);

        Assert.DoesNotContain("writer.WriteLine", fixedProgram, StringComparison.Ordinal);
        Assert.Contains("client.Dispose();", fixedProgram, StringComparison.Ordinal);
        Assert.DoesNotContain("writer.Dispose()", fixedProgram, StringComparison.Ordinal);
        using var program = InMemoryProgram.Compile(fixedProgram, OldestLanguage);
        var run = await LoopbackHarness.RunAsync(program, "Program.Run", peer => peer.Abort());

        Assert.True(run.Program.Returned, run.ToString());
        Assert.Equal("released", program.Method("Program.State").Invoke(null, null));
    }

    /// <summary>
    /// Runs the SOCK001 analyzer on <paramref name="source"/>, applies the code fix to the first diagnostic the way an IDE
    /// does (the code action's operations, with its simplification and formatting), and returns the new text after
    /// checking that the analyzer no longer reports anything on it.
    /// </summary>
    private static async Task<string> ApplySock001FixAsync(string source, int expectedDiagnostics)
    {
        using var workspace = new AdhocWorkspace();
        var document = CreateDocument(workspace, source);
        var diagnostics = await Sock001DiagnosticsAsync(document);
        Assert.Equal(expectedDiagnostics, diagnostics.Length);

        var fix = new WriteAfterConnectionErrorCodeFix();
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
        await fix.RegisterCodeFixesAsync(context);
        var only = Assert.Single(actions);
        Assert.Equal(WriteAfterConnectionErrorCodeFix.EquivalenceKey, only.EquivalenceKey);

        var operations = await only.GetOperationsAsync(CancellationToken.None);
        var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution.GetDocument(document.Id)!;
        Assert.Empty(await Sock001DiagnosticsAsync(changed));
        return (await changed.GetTextAsync()).ToString();
    }

    private static Document CreateDocument(AdhocWorkspace workspace, string source)
    {
        var projectId = ProjectId.CreateNewId();
        var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            "LoopbackProgram",
            "LoopbackProgram",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
            parseOptions: new CSharpParseOptions(OldestLanguage),
            metadataReferences: TestReferences.Net100));
        var documentId = DocumentId.CreateNewId(projectId);
        solution = solution.AddDocument(documentId, "Program.cs", SourceText.From(source, Encoding.UTF8));
        return solution.GetDocument(documentId)!;
    }

    private static async Task<ImmutableArray<Diagnostic>> Sock001DiagnosticsAsync(Document document)
    {
        var compilation = (await document.Project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "the program does not compile: " + string.Join(Environment.NewLine, errors));
        var diagnostics = await compilation
            .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new WriteAfterConnectionErrorAnalyzer()))
            .GetAnalyzerDiagnosticsAsync();
        return diagnostics.Where(d => d.Id == WriteAfterConnectionErrorAnalyzer.Rule.Id).OrderBy(d => d.Location.SourceSpan.Start).ToImmutableArray();
    }
}
