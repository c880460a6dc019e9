using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketExceptionCatchAroundStreamAnalyzer,
    SocketAnalyzers.CodeFixes.SocketExceptionCatchAroundStreamCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK004;

/// <summary>Code that looks like SOCK004 and is right: no diagnostic.</summary>
public sealed class Valid : SocketExceptionCatchAroundStream
{
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
    [InlineData("Console.WriteLine(socket.Available);")]
    [InlineData("Console.WriteLine(ns.DataAvailable);")]
    [InlineData("socket.NoDelay = true;")]
    public Task TheTryBlockAlsoReadsASocketPropertyThatThrowsSocketException(string statement) => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Server
        {
            async Task Send(Socket socket, NetworkStream ns, byte[] b)
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
    public Task MixedTry_ProjectHelperUnwrapsTheIOExceptionIntoSocketException() => Verify.VerifyAnalyzerAsync(Usings + """
        class Connection
        {
            private readonly NetworkStream _stream;
            public Connection(NetworkStream stream) { _stream = stream; }
            public void Flush()
            {
                try { _stream.Flush(); }
                catch (IOException e) when (e.InnerException is SocketException se) { throw se; }
            }
        }

        class Server
        {
            void Send(Socket socket, Connection connection, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    ns.Write(b, 0, b.Length);
                    connection.Flush();
                }
                catch (SocketException) { }
            }
        }
        """);

    [Theory]
    [InlineData("catch (IOException) { } catch (SocketException) { }")]
    [InlineData("catch (SocketException) { } catch (IOException e) when (e.InnerException is SocketException) { }")]
    [InlineData("catch (SocketException) { } catch (Exception) { }")]
    public Task MixedTry_AnotherClauseTakesTheIOException(string clauses) => Verify.VerifyAnalyzerAsync(Usings + $$"""
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    ns.Write(b, 0, b.Length);
                }
                {{clauses}}
            }
        }
        """);

    [Fact]
    public Task MixedTry_OnlySocketCalls() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(Socket socket, byte[] b)
            {
                try
                {
                    socket.Connect(IPAddress.Loopback, 80);
                    socket.Send(b);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task MixedTry_StreamIoOnlyInsideAProjectMethod() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Loops
        {
            public static void ReceiveLoop(TcpClient client, byte[] b)
            {
                var stream = client.GetStream();
                while (stream.Read(b, 0, b.Length) > 0) { }
            }
        }

        class Client
        {
            void Run(TcpClient client, byte[] b)
            {
                try
                {
                    client.Connect("example.org", 7000);
                    Loops.ReceiveLoop(client, b);
                }
                catch (SocketException) { }
            }
        }
        """);

    [Fact]
    public Task MixedTry_StreamIoHandledByANestedTry() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Send(Socket socket, NetworkStream ns, byte[] b)
            {
                try
                {
                    socket.Send(b);
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException) { }
                }
                catch (SocketException) { }
            }
        }
        """);
}
