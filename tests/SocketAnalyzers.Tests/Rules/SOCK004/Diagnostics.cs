using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketExceptionCatchAroundStreamAnalyzer,
    SocketAnalyzers.CodeFixes.SocketExceptionCatchAroundStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK004;

/// <summary>SOCK004 reports these.</summary>
public sealed class Diagnostics : SocketExceptionCatchAroundStream
{
    [Fact]
    public Task NetworkStreamWrite_ReportedAtTheCaughtTypeNamingTheCall() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Reply(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch ({|#0:SocketException|} e) { Console.WriteLine(e.SocketErrorCode); }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ns.Write", NeverRuns) },
    }.RunAsync();

    [Fact]
    public Task NetworkStreamReadAsync() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task<int> Receive(NetworkStream ns, byte[] b)
            {
                try { return await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); }
                catch ([|SocketException|]) { return 0; }
            }
        }
        """);

    [Fact]
    public Task NetworkStreamWriteAsyncWithMemory() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Send(NetworkStream ns, ReadOnlyMemory<byte> b, CancellationToken token)
            {
                try
                {
                    await ns.WriteAsync(b, token);
                    await ns.FlushAsync(token);
                }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.ConnectionReset)
                {
                }
            }
        }
        """);

    [Fact]
    public Task SslStreamHandshakeAndWrite() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            async Task Send(SslStream ssl, byte[] b)
            {
                try
                {
                    await ssl.AuthenticateAsClientAsync("example.org");
                    await ssl.WriteAsync(b, 0, b.Length);
                }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task StreamWriterOverTheClientStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Greet(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try
                {
                    writer.WriteLine("hello");
                    writer.Flush();
                }
                catch ([|SocketException|]) { client.Close(); }
            }
        }
        """);

    [Fact]
    public Task StreamReaderOverANetworkStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            string? ReadRequest(Socket socket)
            {
                using var reader = new StreamReader(new NetworkStream(socket, ownsSocket: false));
                try { return reader.ReadLine(); }
                catch ([|SocketException|]) { return null; }
            }
        }
        """);

    [Fact]
    public Task BinaryWriterOverANetworkStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, int value)
            {
                var writer = new BinaryWriter(ns);
                try { writer.Write(value); }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task StreamFromGetStreamUsedInline() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(TcpClient client, byte[] b)
            {
                try { client.GetStream().Write(b, 0, b.Length); }
                catch ([|SocketException|]) { client.Close(); }
            }
        }
        """);

    [Fact]
    public Task StreamParameterOfUnknownOrigin() => Verify.VerifyAnalyzerAsync(Usings + """
        class Protocol
        {
            static void WriteFrame(Stream stream, byte[] frame)
            {
                try { stream.Write(frame, 0, frame.Length); }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task StreamHandedToALibraryMethod() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task SendFile(FileStream file, NetworkStream ns)
            {
                try { await file.CopyToAsync(ns); }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task ProjectMethodThatWritesTheSessionStream() => new Verify.Test
    {
        TestCode = Usings + """
            class Session
            {
                private readonly NetworkStream _stream;
                public Session(TcpClient client) { _stream = client.GetStream(); }
                public void Send(byte[] b) => _stream.Write(b, 0, b.Length);
            }

            class Server
            {
                void Broadcast(Session session, byte[] b)
                {
                    try { session.Send(b); }
                    catch ({|#0:SocketException|}) { }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("session.Send", NeverRuns) },
    }.RunAsync();

    [Fact]
    public Task EverySocketExceptionClauseOfTheTry() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.Shutdown) { }
                catch (ObjectDisposedException) { }
            }
        }
        """);

    [Fact]
    public Task NestedTryThatRethrowsTheStreamErrorLetsItEscape() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException) { Console.WriteLine("write failed"); throw; }
                }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task StreamIoInTheCatchOfANestedTryIsNotProtectedByIt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    try { Console.WriteLine("sending"); }
                    catch (IOException) { ns.Write(b, 0, b.Length); }
                }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task NestedTryCatchingSocketExceptionOnlyDoesNotStopTheIOException() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch ([|SocketException|]) { }
                }
                catch ([|SocketException|]) { }
            }
        }
        """);

    [Fact]
    public Task LocalFunctionAndRecursiveHelperAreSeenThrough() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { Write(3); }
                catch ([|SocketException|]) { }

                void Write(int times)
                {
                    if (times == 0) return;
                    ns.Write(b, 0, b.Length);
                    Write(times - 1);
                }
            }

            void Connect(Socket socket, NetworkStream ns, byte[] b)
            {
                try { Open(); ns.Write(b, 0, b.Length); }
                catch (SocketException) { }

                void Open() => socket.Connect("example.org", 80);
            }
        }
        """);

    [Fact]
    public Task CSharp7_3_NetStandard20() => new Verify.Test
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
                    try { await client.GetStream().WriteAsync(b, 0, b.Length); }
                    catch ([|SocketException|]) { }
                }

                async Task Receive(Socket socket, byte[] b)
                {
                    try { await socket.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None); }
                    catch (SocketException) { }
                }
            }
            """,
    }.RunAsync();

    [Theory]
    [InlineData("socket.Send(b);", "socket.Send")]
    [InlineData("await socket.SendAsync(new ArraySegment<byte>(b), SocketFlags.None);", "socket.SendAsync")]
    [InlineData("socket.Receive(b);", "socket.Receive")]
    [InlineData("socket.Shutdown(SocketShutdown.Send);", "socket.Shutdown")]
    [InlineData("await client.ConnectAsync(\"example.org\", 80);", "client.ConnectAsync")]
    [InlineData("client.Connect(IPAddress.Loopback, 80);", "client.Connect")]
    [InlineData("client = new TcpClient(\"example.org\", 80);", "TcpClient")]
    [InlineData("await Dns.GetHostAddressesAsync(\"example.org\");", "Dns.GetHostAddressesAsync")]
    [InlineData("listener.AcceptTcpClient().Dispose();", "listener.AcceptTcpClient")]
    [InlineData("await Task.Run(() => socket.Send(b));", "socket.Send")]
    public Task MixedTry_SocketCallBesideStreamIo_OwnMessageNamingBoth(string statement, string socketCall) => new Verify.Test
    {
        TestCode = Usings + $$"""
            class Server
            {
                async Task Send(Socket socket, TcpClient client, TcpListener listener, NetworkStream ns, byte[] b)
                {
                    try
                    {
                        {{statement}}
                        await ns.WriteAsync(b, 0, b.Length);
                    }
                    catch ({|#0:SocketException|}) { }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ns.WriteAsync", RunsOnlyFor(socketCall)) },
    }.RunAsync();

    [Fact]
    public Task MixedTry_ConnectThenStreamWrite() => new Verify.Test
    {
        TestCode = Usings + """
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
                    catch ({|#0:SocketException|} e)
                    {
                        Console.WriteLine("cannot connect: " + e.SocketErrorCode);
                    }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("stream.Write", RunsOnlyFor("client.Connect")) },
    }.RunAsync();

    [Fact]
    public Task MixedTry_SendThenStreamRead() => new Verify.Test
    {
        TestCode = Usings + """
            class Client
            {
                int Ask(Socket socket, byte[] question, byte[] answer)
                {
                    using var ns = new NetworkStream(socket);
                    try
                    {
                        socket.Send(question);
                        return ns.Read(answer, 0, answer.Length);
                    }
                    catch ({|#0:SocketException|}) { return 0; }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ns.Read", RunsOnlyFor("socket.Send")) },
    }.RunAsync();

    [Fact]
    public Task MixedTry_AsyncConnectThenReaderOverTheStream() => new Verify.Test
    {
        TestCode = Usings + """
            class Client
            {
                async Task<string?> Greeting(string host)
                {
                    using var client = new TcpClient();
                    try
                    {
                        await client.ConnectAsync(host, 25).ConfigureAwait(false);
                        using var reader = new StreamReader(client.GetStream());
                        return await reader.ReadLineAsync().ConfigureAwait(false);
                    }
                    catch ({|#0:SocketException|} e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                    {
                        return null;
                    }
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("reader.ReadLineAsync", RunsOnlyFor("client.ConnectAsync")) },
    }.RunAsync();

    [Fact]
    public Task MixedTry_EverySocketExceptionClauseIsReported() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    ns.Write(b, 0, b.Length);
                }
                catch ([|SocketException|] e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                catch ([|SocketException|]) { }
            }
        }
        """);
}
