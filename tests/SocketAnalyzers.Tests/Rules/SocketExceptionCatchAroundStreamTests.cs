using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.TestSupport;
using SocketAnalyzers.TestSupport.Loopback;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketExceptionCatchAroundStreamAnalyzer,
    SocketAnalyzers.CodeFixes.SocketExceptionCatchAroundStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class SocketExceptionCatchAroundStreamTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // What it reports: every way a try block reaches the connection only through a stream.

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
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ns.Write") },
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
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("session.Send") },
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

    // What it does not report.

    [Theory]
    [InlineData("catch (SocketException) { } catch (IOException) { }")]
    [InlineData("catch (IOException e) when (e.InnerException is SocketException) { } catch (SocketException) { }")]
    [InlineData("catch (SocketException) { } catch (Exception) { }")]
    [InlineData("catch (SocketException) { } catch (SystemException) { }")]
    [InlineData("catch (SocketException) { } catch { }")]
    public Task AnotherClauseOfTheSameTryTakesTheIOException(string clauses) => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try { ns.Write(b, 0, b.Length); }
                {{clauses}}
            }
        }
        """);

    [Theory]
    [InlineData("socket.Send(b);")]
    [InlineData("await socket.SendAsync(new ArraySegment<byte>(b), SocketFlags.None);")]
    [InlineData("socket.Receive(b);")]
    [InlineData("socket.Shutdown(SocketShutdown.Send);")]
    [InlineData("Console.WriteLine(socket.Available);")]
    [InlineData("await client.ConnectAsync(\"example.org\", 80);")]
    [InlineData("client.Connect(IPAddress.Loopback, 80);")]
    [InlineData("client = new TcpClient(\"example.org\", 80);")]
    [InlineData("await Dns.GetHostAddressesAsync(\"example.org\");")]
    [InlineData("listener.AcceptTcpClient().Dispose();")]
    [InlineData("Console.WriteLine(ns.DataAvailable);")]
    [InlineData("await Task.Run(() => socket.Send(b));")]
    public Task TheTryBlockAlsoCallsWhatThrowsSocketExceptionItself(string statement) => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Server
        {
            async Task Send(Socket socket, TcpClient client, TcpListener listener, NetworkStream ns, byte[] b)
            {
                try
                {
                    {{statement}}
                    await ns.WriteAsync(b, 0, b.Length);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task ProjectMethodThatThrowsSocketExceptionOnEndOfStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Framing
        {
            public static void ReadExactly(Stream stream, byte[] buffer)
            {
                var read = 0;
                while (read < buffer.Length)
                {
                    var n = stream.Read(buffer, read, buffer.Length - read);
                    if (n == 0) throw new SocketException((int)SocketError.ConnectionReset);
                    read += n;
                }
            }
        }

        class Server
        {
            void Receive(NetworkStream ns, byte[] b)
            {
                try { Framing.ReadExactly(ns, b); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task ProjectMethodThatUnwrapsTheIOException() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private readonly NetworkStream _stream;
            public Connection(NetworkStream stream) { _stream = stream; }

            public void Send(byte[] b)
            {
                try { _stream.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException inner) { throw inner; }
            }
        }

        class Server
        {
            void Send(Connection connection, byte[] b)
            {
                try { connection.Send(b); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task ProjectMethodThatSendsOnTheSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            private readonly NetworkStream _stream;
            public Session(Socket socket) { _socket = socket; _stream = new NetworkStream(socket); }
            public void SendHeader(byte[] b) => _socket.Send(b);
            public void SendBody(byte[] b) => _stream.Write(b, 0, b.Length);
        }

        class Server
        {
            void Send(Session session, byte[] b)
            {
                try { session.SendHeader(b); session.SendBody(b); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task NoStreamIoAtAll() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Log(NetworkStream ns)
            {
                try { Console.WriteLine(ns.CanWrite); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task FileAndMemoryStreamsAreNotConnections() => Verify.VerifyAnalyzerAsync(Usings + """
        class Store
        {
            void Save(byte[] b)
            {
                try
                {
                    using (var file = File.OpenWrite("data.bin")) { file.Write(b, 0, b.Length); }
                    new MemoryStream().Write(b, 0, b.Length);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task StreamIoHandledByANestedTryDoesNotReachTheOuterCatch() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException) { Console.WriteLine("write failed"); }
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task WebSocketIoIsOutOfScope() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            async Task Send(WebSocket socket, ArraySegment<byte> b)
            {
                try { await socket.SendAsync(b, WebSocketMessageType.Binary, true, CancellationToken.None); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task AwaitedTaskOfUnknownOrigin() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Send(NetworkStream ns, Task pending, byte[] b)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                    await ns.WriteAsync(b, 0, b.Length);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Theory]
    [InlineData("throw e.InnerException!;")]
    [InlineData("System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException!).Throw();")]
    public Task NestedCatchThatUnwrapsTheInnerException(string unwrap) => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Server
        {
            void Send(NetworkStream ns, byte[] b)
            {
                try
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException e) when (e.InnerException is not null) { {{unwrap}} }
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task ProjectStreamTypeWhoseWriteSendsOnTheSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class SocketStream : Stream
        {
            private readonly Socket _socket;
            public SocketStream(Socket socket) { _socket = socket; }
            public override void Write(byte[] buffer, int offset, int count) => _socket.Send(buffer, offset, count, SocketFlags.None);
            public override int Read(byte[] buffer, int offset, int count) => _socket.Receive(buffer, offset, count, SocketFlags.None);
            public override void Flush() { }
            public override bool CanRead => true;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Length => throw new NotSupportedException();
            public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }

        class Server
        {
            void Send(SocketStream stream, byte[] b)
            {
                try { stream.Write(b, 0, b.Length); }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task ProjectPropertyThatAsksTheSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; Stream = new NetworkStream(socket); }
            public NetworkStream Stream { get; }
            public bool HasData => _socket.Available > 0;
        }

        class Server
        {
            void Pump(Session session, byte[] b)
            {
                try
                {
                    if (session.HasData) session.Stream.Read(b, 0, b.Length);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task InterfaceSessionMethodIsNotSeenThrough() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IConnection { void Send(byte[] b); }

        class RawConnection : IConnection
        {
            private readonly Socket _socket;
            public RawConnection(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
        }

        class Server
        {
            void Send(IConnection connection, NetworkStream ns, byte[] b)
            {
                try
                {
                    connection.Send(b);
                    ns.Write(b, 0, b.Length);
                }
                catch (SocketException) { }
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
    public Task CallOnAConnectionTypeDeclaredInEditorConfig() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Send(Vendor.Channel channel, NetworkStream ns, byte[] b)
                {
                    try
                    {
                        channel.Push(b);
                        ns.Write(b, 0, b.Length);
                    }
                    catch (SocketException) { }
                }
            }
            """,
        TestState = { AdditionalReferences = { VendorLibrary() } },
        EditorConfig = """
            [*.cs]
            socket_analyzers.connection_types = Vendor.Channel
            socket_analyzers.write_methods = Vendor.Channel.Push
            """,
    }.RunAsync();

    /// <summary>A connection type of another assembly: the analyzer cannot see what its methods throw.</summary>
    private static MetadataReference VendorLibrary()
    {
        var library = CSharpCompilation.Create(
            "Vendor",
            new[] { CSharpSyntaxTree.ParseText("namespace Vendor { public class Channel { public void Push(byte[] b) { } } }") },
            TestReferences.Net100,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        return library.ToMetadataReference();
    }

    [Fact]
    public Task BrokenCodeDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.{|CS1061:Wrte|}(b, 0, b.Length); ns.Write(b, 0, b.Length); }
                    catch (SocketException) { }

                    try { ns.Write(b, 0, b.Length); }
                    catch (SocketException) { }
                    catch ({|CS0246:Unknown|}) { }

                    try { {|CS0103:undefined|}.Write(b, 0, b.Length); }
                    catch (SocketException) { }
                }
            }
            """,
    }.RunAsync();

    [Fact]
    public Task HalfTypedCatchDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch ({|CS1514:|}{|CS1031:|}{|CS1026:|}
                }

                void Receive(NetworkStream ns, byte[] b)
                {
                    try { ns.Read(b, 0, b.Length); }
                    catch (SocketException{|CS1026:|}{|CS1514:|}
                }
            }{|CS1513:|}{|CS1513:|}
            """,
        AllowCompilerErrors = true,
    }.RunAsync();

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

    // The fix.

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
                catch (IOException ex) when (ex.InnerException is SocketException e && e.SocketErrorCode == SocketError.ConnectionReset) { Console.WriteLine("reset"); }
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

    // Behavior: the handler never runs before the fix, and runs after it, against a peer that resets.

    private const string ReplyProgram = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        public static class Program
        {
            public static string Reply(NetworkStream stream)
            {
                var reply = new byte[] { 1, 2, 3 };
                try
                {
                    stream.Write(reply, 0, reply.Length);
                    stream.Write(reply, 0, reply.Length);
                    return "sent";
                }
                catch ({|#0:SocketException|} e)
                {
                    return "handled " + e.SocketErrorCode;
                }
            }
        }
        """;

    private const string FixedReplyProgram = """
        using System;
        using System.IO;
        using System.Net.Sockets;

        public static class Program
        {
            public static string Reply(NetworkStream stream)
            {
                var reply = new byte[] { 1, 2, 3 };
                try
                {
                    stream.Write(reply, 0, reply.Length);
                    stream.Write(reply, 0, reply.Length);
                    return "sent";
                }
                catch (IOException ex) when (ex.InnerException is SocketException e)
                {
                    return "handled " + e.SocketErrorCode;
                }
            }
        }
        """;

    [Fact]
    public async Task Behavior_TheFixedHandlerRunsWhenThePeerResets()
    {
        // The code fix itself turns ReplyProgram into FixedReplyProgram (checked here, FixAll included).
        await new Verify.Test
        {
            TestCode = ReplyProgram,
            FixedCode = FixedReplyProgram,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("stream.Write") },
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
}
