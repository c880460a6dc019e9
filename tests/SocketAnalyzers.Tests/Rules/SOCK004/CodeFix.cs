using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketExceptionCatchAroundStreamAnalyzer,
    SocketAnalyzers.CodeFixes.SocketExceptionCatchAroundStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK004;

/// <summary>The SOCK004 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : SocketExceptionCatchAroundStream
{
    [Fact]
    public Task Fix_VariableUsedInTheHandlerBecomesThePatternVariable() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    ns.Write(b, 0, b.Length);
                }
                catch ([|SocketException|] se)
                {
                    Console.WriteLine(se.SocketErrorCode);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    ns.Write(b, 0, b.Length);
                }
                catch (IOException e) when (e.InnerException is SocketException se)
                {
                    Console.WriteLine(se.SocketErrorCode);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_WithoutVariable() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|]) { Console.WriteLine("peer gone"); }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException) { Console.WriteLine("peer gone"); }
            }
        }
        """);

    [Fact]
    public Task Fix_ExistingFilterIsKeptOnTheInnerException() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (IOException ex) when (ex.InnerException is SocketException e && (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown))
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_FilterThatBindsTighterThanAndNeedsNoParentheses() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b, bool verbose)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|]) when (verbose) { }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b, bool verbose)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException && verbose) { }
            }
        }
        """);

    [Fact]
    public Task Fix_NamesThatAreTakenAreAvoided() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] e)
            {
                var ex = e.Length;
                try { ns.Write(e, 0, ex); }
                catch ([|SocketException|] exception) { Console.WriteLine(exception.SocketErrorCode); }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] e)
            {
                var ex = e.Length;
                try { ns.Write(e, 0, ex); }
                catch (IOException ioException) when (ioException.InnerException is SocketException exception) { Console.WriteLine(exception.SocketErrorCode); }
            }
        }
        """);

    [Fact]
    public Task Fix_NameUsedLaterInTheMethodIsAvoided() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|]) { }

                var e = b.Length;
                Console.WriteLine(e);
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (IOException ex) when (ex.InnerException is SocketException) { }

                var e = b.Length;
                Console.WriteLine(e);
            }
        }
        """);

    [Fact]
    public Task Fix_WithoutUsingSystemIOQualifiesTheType() => Verify.VerifyCodeFixAsync("""
        using System.Net.Sockets;

        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|System.Net.Sockets.SocketException|] se) { System.Console.WriteLine(se.ErrorCode); }
            }
        }
        """, """
        using System.Net.Sockets;

        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (System.IO.IOException e) when (e.InnerException is System.Net.Sockets.SocketException se) { System.Console.WriteLine(se.ErrorCode); }
            }
        }
        """);

    [Fact]
    public Task Fix_RewritesEverySocketExceptionClauseOfTheTry() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.ConnectionReset) { Console.WriteLine("reset"); }
                catch ([|SocketException|] e) { Console.WriteLine(e.SocketErrorCode); }
                catch (ObjectDisposedException) { }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch (IOException ex) when (ex.InnerException is SocketException e && (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown)) { Console.WriteLine("reset"); }
                catch (IOException ex) when (ex.InnerException is SocketException e) { Console.WriteLine(e.SocketErrorCode); }
                catch (ObjectDisposedException) { }
            }
        }
        """);

    [Fact]
    public Task Fix_TopLevelStatements() => new Verify.Test
    {
        TestState = { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication },
        TestCode = Usings + """
            using var client = new TcpClient();
            var e = client.GetStream();
            try { e.WriteByte(1); }
            catch ([|SocketException|] ex) { Console.WriteLine(ex.SocketErrorCode); }
            """,
        FixedCode = Usings + """
            using var client = new TcpClient();
            var e = client.GetStream();
            try { e.WriteByte(1); }
            catch (IOException exception) when (exception.InnerException is SocketException ex) { Console.WriteLine(ex.SocketErrorCode); }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_FixAll_CSharp7_3_NetStandard20() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Server
            {
                async Task Send(TcpClient client, byte[] b)
                {
                    var stream = client.GetStream();
                    try { await stream.WriteAsync(b, 0, b.Length); }
                    catch ([|SocketException|] e) { Console.WriteLine(e.SocketErrorCode); client.Close(); }
                }

                string Receive(NetworkStream ns)
                {
                    var reader = new StreamReader(ns);
                    try { return reader.ReadLine(); }
                    catch ([|SocketException|]) { return null; }
                }
            }
            """,
        FixedCode = """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            class Server
            {
                async Task Send(TcpClient client, byte[] b)
                {
                    var stream = client.GetStream();
                    try { await stream.WriteAsync(b, 0, b.Length); }
                    catch (IOException ex) when (ex.InnerException is SocketException e) { Console.WriteLine(e.SocketErrorCode); client.Close(); }
                }

                string Receive(NetworkStream ns)
                {
                    var reader = new StreamReader(ns);
                    try { return reader.ReadLine(); }
                    catch (IOException e) when (e.InnerException is SocketException) { return null; }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task Fix_NotOfferedBeforeCSharp7WhenTheVariableIsKept() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp6,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch ([|SocketException|] e) { Console.WriteLine(e.SocketErrorCode); }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch ([|SocketException|] e) { Console.WriteLine(e.SocketErrorCode); }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public async Task Behavior_TheFixedHandlerRunsWhenThePeerResets()
    {
        // The code fix itself turns ReplyProgram into FixedReplyProgram (checked here, FixAll included).
        await new Verify.Test
        {
            TestCode = ReplyProgram,
            FixedCode = FixedReplyProgram,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("stream.Write", NeverRuns) },
        }.RunAsync();

        var before = await LoopbackHarness.RunAsync(ReplyProgram.Replace("{|#0:", "").Replace("|}", ""), "Program.Reply", peer => peer.Abort());
        var after = await LoopbackHarness.RunAsync(FixedReplyProgram, "Program.Reply", peer => peer.Abort());

        // Before: catch (SocketException) does not run; the IOException escapes with the SocketException inside.
        Assert.True(before.Program.Exception is System.IO.IOException, before.ToString());
        Assert.IsType<SocketException>(before.Program.Inner);
        // After: the same failure reaches the handler, which sees the SocketException itself.
        Assert.True(after.Program.Returned, after.ToString());
        Assert.Contains(
            after.Program.ReturnValue as string,
            new[] { "handled " + SocketError.ConnectionReset, "handled " + SocketError.Shutdown });
    }

    [Fact]
    public Task Fix_MixedTry_AddsTheIOExceptionClauseBesideWithTheSameHandler() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            void Hello(TcpClient client, byte[] hello)
            {
                try
                {
                    client.Connect("example.org", 7000);
                    var stream = client.GetStream();
                    stream.Write(hello, 0, hello.Length);
                }
                catch ([|SocketException|] se)
                {
                    Console.WriteLine("connection failed: " + se.SocketErrorCode);
                }
            }
        }
        """, Usings + """
        class Client
        {
            void Hello(TcpClient client, byte[] hello)
            {
                try
                {
                    client.Connect("example.org", 7000);
                    var stream = client.GetStream();
                    stream.Write(hello, 0, hello.Length);
                }
                catch (SocketException se)
                {
                    Console.WriteLine("connection failed: " + se.SocketErrorCode);
                }
                catch (IOException e) when (e.InnerException is SocketException se)
                {
                    Console.WriteLine("connection failed: " + se.SocketErrorCode);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_MixedTry_ClauseWithoutVariable() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Ask(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); return ns.Read(b, 0, b.Length); }
                catch ([|SocketException|]) { return -1; }
                finally { Console.WriteLine("asked"); }
            }
        }
        """, Usings + """
        class Server
        {
            int Ask(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); return ns.Read(b, 0, b.Length); }
                catch (SocketException) { return -1; }
                catch (IOException e) when (e.InnerException is SocketException) { return -1; }
                finally { Console.WriteLine("asked"); }
            }
        }
        """);

    [Fact]
    public Task Fix_MixedTry_FilterIsKeptOnBothClauses() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    ns.Write(b, 0, b.Length);
                }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.HostUnreachable)
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    ns.Write(b, 0, b.Length);
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.HostUnreachable)
                {
                    Console.WriteLine(e.Message);
                }
                catch (IOException ex) when (ex.InnerException is SocketException e && (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.HostUnreachable))
                {
                    Console.WriteLine(e.Message);
                }
            }
        }
        """);

    [Fact]
    public Task Fix_MixedTry_WithoutUsingSystemIOQualifiesTheType() => Verify.VerifyCodeFixAsync("""
        using System.Net.Sockets;

        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); ns.Write(b, 0, b.Length); }
                catch ([|SocketException|] se) { System.Console.WriteLine(se.ErrorCode); }
            }
        }
        """, """
        using System.Net.Sockets;

        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); ns.Write(b, 0, b.Length); }
                catch (SocketException se) { System.Console.WriteLine(se.ErrorCode); }
                catch (System.IO.IOException e) when (e.InnerException is SocketException se) { System.Console.WriteLine(se.ErrorCode); }
            }
        }
        """);

    [Fact]
    public Task Fix_MixedTry_NotOfferedBeforeALaterClauseOfAnIOExceptionSubclass() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Receive(Socket socket, BinaryReader reader, byte[] b)
            {
                try { socket.Send(b); reader.ReadInt32(); }
                catch ([|SocketException|]) { }
                catch (EndOfStreamException) { }
            }
        }
        """, Usings + """
        class Server
        {
            void Receive(Socket socket, BinaryReader reader, byte[] b)
            {
                try { socket.Send(b); reader.ReadInt32(); }
                catch ([|SocketException|]) { }
                catch (EndOfStreamException) { }
            }
        }
        """);

    [Fact]
    public Task Fix_MixedTry_FixAllWithTwoTrys() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); ns.Write(b, 0, b.Length); }
                catch ([|SocketException|] e) { Console.WriteLine(e.SocketErrorCode); }
            }

            void Receive(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Receive(b); ns.Write(b, 0, b.Length); }
                catch ([|SocketException|]) { Console.WriteLine("gone"); }
            }
        }
        """, Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Send(b); ns.Write(b, 0, b.Length); }
                catch (SocketException e) { Console.WriteLine(e.SocketErrorCode); }
                catch (IOException ex) when (ex.InnerException is SocketException e) { Console.WriteLine(e.SocketErrorCode); }
            }

            void Receive(Socket socket, NetworkStream ns, byte[] b)
            {
                try { socket.Receive(b); ns.Write(b, 0, b.Length); }
                catch (SocketException) { Console.WriteLine("gone"); }
                catch (IOException e) when (e.InnerException is SocketException) { Console.WriteLine("gone"); }
            }
        }
        """);
}
