using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class WriteAfterConnectionErrorTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Net.WebSockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    [Fact]
    public Task ErrorReplyInCatch_RawSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { [|s.Send(Encoding.ASCII.GetBytes("ERR"))|]; }
            }
        }
        """);

    [Fact]
    public Task WriteAfterCatchFallsThrough_TcpClientStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpClient client, byte[] b)
            {
                var ns = client.GetStream();
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) { Console.WriteLine(e.Message); }
                [|ns.Write(b, 0, b.Length)|];
            }
        }
        """);

    [Fact]
    public Task WriteThroughAnotherAliasOfTheFailedConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpClient client, byte[] b)
            {
                NetworkStream ns = client.GetStream();
                var writer = new StreamWriter(ns);
                try { ns.Read(b, 0, b.Length); }
                catch (IOException) { [|writer.Write("bye")|]; }
            }
        }
        """);

    [Fact]
    public Task RetryLoopOnTheSameConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { [|s.Send(b)|]; return; }
                    catch (SocketException) { Thread.Sleep(100); }
                }
            }
        }
        """);

    [Fact]
    public Task AsyncWriteWithMemory_SslStream() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(System.Net.Security.SslStream ssl, ReadOnlyMemory<byte> b)
            {
                try { await ssl.WriteAsync(b); }
                catch (IOException) { await [|ssl.WriteAsync(b)|]; }
            }
        }
        """);

    [Fact]
    public Task SendAsyncWithArraySegment_AndCatchException() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(Socket s, ArraySegment<byte> b)
            {
                try { await s.SendAsync(b, SocketFlags.None); }
                catch (Exception) { await [|s.SendAsync(b, SocketFlags.None)|]; }
            }
        }
        """);

    [Fact]
    public Task FilterThatAdmitsAReset() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { [|s.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task CloseGuardedByConnectedDoesNotCount() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException)
                {
                    if (s.Connected) s.Close();
                    [|s.Send(b)|];
                }
            }
        }
        """);

    [Fact]
    public Task EachWriteAfterTheErrorIsItsOwnDiagnostic() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Receive(b); }
                catch (SocketException) { [|s.Send(b)|]; [|s.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task WebSocketSendAfterWebSocketException() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(WebSocket ws, ArraySegment<byte> b)
            {
                try { await ws.SendAsync(b, WebSocketMessageType.Binary, true, CancellationToken.None); }
                catch (WebSocketException) { await [|ws.SendAsync(b, WebSocketMessageType.Text, true, CancellationToken.None)|]; }
            }
        }
        """);

    [Fact]
    public Task LambdaAndLocalFunctionAreAnalyzedOnTheirOwn() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action lambda = () => { try { s.Send(b); } catch (SocketException) { [|s.Send(b)|]; } };
                void Local() { try { s.Send(b); } catch (SocketException) { [|s.Send(b)|]; } }
                lambda();
                Local();
            }
        }
        """);

    // Seeing through the project's own code.

    [Fact]
    public Task SessionTypeMethodIsAWrite() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
        }

        class Server
        {
            void Handle(Session session, byte[] b)
            {
                try { session.Send(b); }
                catch (SocketException) { [|session.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task CloseThatFramesAMessageIsAWrite_TwoLevelsDeep() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            private void SendFrame(byte code) => _socket.Send(new[] { code });
            private void SendCloseFrame(int code) => SendFrame((byte)code);
            public void Close(int code) { SendCloseFrame(code); _socket.Close(); }

            public void Pump(byte[] buffer)
            {
                try { _socket.Receive(buffer); }
                catch (SocketException) { [|Close(1000)|]; }
            }
        }
        """);

    [Fact]
    public Task StreamSessionBuiltInTheConstructor() => Verify.VerifyAnalyzerAsync(Usings + """
        class StreamSession
        {
            private readonly Stream _stream;
            public StreamSession(TcpClient client) { _stream = client.GetStream(); }
            public Task SendAsync(byte[] b) => _stream.WriteAsync(b, 0, b.Length);
        }

        class Server
        {
            async Task Handle(StreamSession session, byte[] b)
            {
                try { await session.SendAsync(b); }
                catch (IOException) { await [|session.SendAsync(b)|]; }
            }
        }
        """);

    [Fact]
    public Task HelperTwoLevelsDeepThatWritesItsParameter() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Replies
        {
            public static void SendError(NetworkStream ns) => ns.Write(new byte[] { 1 }, 0, 1);
            public static void Fail(NetworkStream ns) => SendError(ns);
        }

        class Server
        {
            void Handle(NetworkStream ns, byte[] b)
            {
                try { ns.Read(b, 0, b.Length); }
                catch (IOException) { [|Replies.Fail(ns)|]; }
            }
        }
        """);

    [Fact]
    public Task InterfaceWhoseOnlyImplementationWrites() => Verify.VerifyAnalyzerAsync(Usings + """
        interface IConnection { void Send(byte[] b); }

        class TcpConnection : IConnection
        {
            private readonly Socket _socket;
            public TcpConnection(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
        }

        class Server
        {
            void Handle(IConnection connection, byte[] b)
            {
                try { connection.Send(b); }
                catch (SocketException) { [|connection.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task TypeDeclaredInEditorConfig() => new Verify.Test
    {
        TestCode = Usings + """
            namespace Vendor
            {
                public class Channel
                {
                    public void Push(byte[] b) { }
                    public void Pull(byte[] b) { }
                }
            }

            class Server
            {
                void Handle(Vendor.Channel channel, byte[] b)
                {
                    try { channel.Pull(b); }
                    catch (IOException) { [|channel.Push(b)|]; }
                }
            }
            """,
        EditorConfig = """
            [*.cs]
            socket_analyzers.write_methods = Vendor.Channel.Push
            socket_analyzers.read_methods = Vendor.Channel.Pull
            """,
    }.RunAsync();

    // Tricky negatives: code that looks wrong but is right.

    [Fact]
    public Task CatchThatReturnsBreaksThrowsOrCloses() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Returns(Socket s, byte[] b) { try { s.Send(b); } catch (SocketException) { return; } s.Send(b); }
            void Throws(Socket s, byte[] b) { try { s.Send(b); } catch (SocketException) { throw; } s.Send(b); }
            void Closes(Socket s, byte[] b) { try { s.Send(b); } catch (SocketException) { s.Close(); } }
            void Breaks(Socket s, byte[] b)
            {
                while (true) { try { s.Send(b); } catch (SocketException) { break; } }
            }
        }
        """);

    [Fact]
    public Task BroadcastToOtherClientsIsFine() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Collections.Generic;
        class Hub
        {
            void Broadcast(List<Socket> clients, byte[] b)
            {
                foreach (var client in clients.ToArray())
                {
                    try { client.Send(b); }
                    catch (SocketException) { clients.Remove(client); }
                }
            }

            void ToOther(Socket failed, Socket other, byte[] b)
            {
                try { failed.Send(b); } catch (SocketException) { other.Send(b); }
            }
        }
        """);

    [Fact]
    public Task TransientFilterKeepsTheConnectionUsable() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var i = 0; i < 3; i++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock) { }
                }
            }
        }
        """);

    [Fact]
    public Task RetryWithANewConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(byte[] b)
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                for (var i = 0; i < 3; i++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException) { s.Dispose(); s = new Socket(SocketType.Stream, ProtocolType.Tcp); }
                }
            }
        }
        """);

    [Fact]
    public Task NonConnectionErrorsAndNonConnectionStreams() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Canceled(Socket s, byte[] b) { try { s.Send(b); } catch (ObjectDisposedException) { } catch (OperationCanceledException) { s.Send(b); } }
            void File(FileStream f, byte[] b) { try { f.Write(b, 0, 1); } catch (IOException) { f.Write(b, 0, 1); } }
            void NoIoInTry(Socket s, byte[] b) { try { Console.WriteLine(); } catch (Exception) { s.Send(b); } }
        }
        """);

    [Fact]
    public Task TryFinallyAroundTheCatchKeepsPathsApart() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b, object gate)
            {
                lock (gate)
                {
                    try { s.Send(b); } catch (SocketException) { return; }
                }

                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task BrokenCodeDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException) { s.{|CS1061:Sen|}(b); {|CS0103:undefined|}.Send(b); }
                }
            }
            """,
    }.RunAsync();

    // The fix.

    [Fact]
    public Task Fix_ErrorReplyInVoidMethodReturns() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException)
                {
                    [|s.Send(Encoding.ASCII.GetBytes("ERR"))|];
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException)
                {
                    s.Close();
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_InsideALoopBreaks_AndKeepsTheStatementsAfter() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Pump(Socket s, byte[] b)
            {
                var sent = 0;
                while (sent < 10)
                {
                    try { sent += [|s.Send(b)|]; }
                    catch (SocketException e)
                    {
                        [|s.Send(b)|];
                        Console.WriteLine(e.SocketErrorCode);
                    }
                }

                return sent;
            }
        }
        """, Usings + """
        class Server
        {
            int Pump(Socket s, byte[] b)
            {
                var sent = 0;
                while (sent < 10)
                {
                    try { sent += s.Send(b); }
                    catch (SocketException e)
                    {
                        s.Close();
                        Console.WriteLine(e.SocketErrorCode);
                        break;
                    }
                }

                return sent;
            }
        }
        """);

    [Fact]
    public Task Fix_ValueReturningMethodRethrows() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { return s.Send(b); }
                catch (SocketException)
                {
                    [|s.Send(b)|];
                    throw;
                }
            }
        }
        """, Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { return s.Send(b); }
                catch (SocketException)
                {
                    s.Close();
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_WriterOverClientStreamClosesWriterThenClient() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException)
                {
                    await [|writer.WriteLineAsync("bye")|];
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException)
                {
                    try
                    {
                        writer.Close();
                    }
                    catch (IOException)
                    {
                        // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
                    }
                    catch (ObjectDisposedException)
                    {
                        // The stream under it was closed already.
                    }
                    client.Close();
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixWhereOnlyAReturnValueWouldLeave() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                return 0;
            }
        }
        """, Usings + """
        class Server
        {
            int Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                return 0;
            }
        }
        """);

    [Fact]
    public Task Fix_FixAllAcrossMethods_CSharp7_3() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        TestCode = Usings + """
            class Server
            {
                void A(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                }

                void B(Socket s, byte[] b)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        try { [|s.Send(b)|]; }
                        catch (SocketException) { [|s.Send(b)|]; }
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void A(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        s.Close();
                        return;
                    }
                }

                void B(Socket s, byte[] b)
                {
                    for (int i = 0; i < 2; i++)
                    {
                        try { s.Send(b); }
                        catch (SocketException) {
                            s.Close();
                            break;
                        }
                    }
                }
            }
            """,
    }.RunAsync();

    // More positives.

    [Fact]
    public Task WriteThroughTheTcpClientsSocketAfterAStreamError() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpClient client, byte[] b)
            {
                var stream = client.GetStream();
                try { stream.Read(b, 0, b.Length); }
                catch (IOException) { [|client.Client.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task RethrownToAnOuterCatchThatWritesToTheSameSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try
                {
                    try { s.Receive(b); }
                    catch (SocketException e) { Console.WriteLine(e.SocketErrorCode); throw; }
                }
                catch (SocketException)
                {
                    [|s.Send(Encoding.ASCII.GetBytes("ERR"))|];
                }
            }
        }
        """);

    /// <summary>
    /// Decision: a write in a finally runs after a catch that fell through, on the dead connection, so it is
    /// reported (the fix offers nothing there: a finally cannot be left by return/break/throw).
    /// </summary>
    [Fact]
    public Task WriteInFinallyAfterACatchThatFallsThrough() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException e) { Console.WriteLine(e.SocketErrorCode); }
                finally { [|s.Send(Encoding.ASCII.GetBytes("BYE"))|]; }
            }
        }
        """);

    /// <summary>A send-completion handler that notes the failure and then sends the next queued buffer anyway.</summary>
    [Fact]
    public Task SocketAsyncEventArgsHandlerSendsTheNextBufferAfterAFailure() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Collections.Generic;

        class Sender
        {
            private readonly Socket _socket;
            private readonly Queue<byte[]> _pending = new Queue<byte[]>();
            private int _failures;

            public Sender(Socket socket) { _socket = socket; }

            private void OnSendCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    _failures++;
                }

                if (_pending.Count > 0)
                {
                    var next = _pending.Dequeue();
                    e.SetBuffer(next, 0, next.Length);
                    if (![|_socket.SendAsync(e)|])
                    {
                        // Completed synchronously: the handler runs again and sends the next one, a write too.
                        [|OnSendCompleted(_socket, e)|];
                    }
                }
            }
        }
        """);

    [Fact]
    public Task CSharp7_3_NetStandard20_TaskExtensionsAndStreams() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                async Task Handle(Socket s, ArraySegment<byte> b)
                {
                    try { await s.ReceiveAsync(b, SocketFlags.None); }
                    catch (SocketException) { await [|s.SendAsync(b, SocketFlags.None)|]; }
                }

                async Task Relay(NetworkStream ns, byte[] b)
                {
                    try { await ns.ReadAsync(b, 0, b.Length); }
                    catch (IOException) { }
                    await [|ns.WriteAsync(b, 0, b.Length)|];
                }
            }
            """,
    }.RunAsync();

    // More tricky negatives: code that looks wrong but is right.

    [Fact]
    public Task CatchClosesThroughAProjectHelperThenReconnects() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Net;

        class Connection
        {
            private readonly EndPoint _endPoint;
            private Socket _socket;

            public Connection(EndPoint endPoint) { _endPoint = endPoint; _socket = Open(endPoint); }

            private static Socket Open(EndPoint endPoint)
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.Connect(endPoint);
                return socket;
            }

            private void Abort() { _socket.Close(); }

            public void Send(byte[] b)
            {
                try { _socket.Send(b); }
                catch (SocketException)
                {
                    Abort();
                    _socket = Open(_endPoint);
                }

                _socket.Send(b);
            }
        }
        """);

    [Fact]
    public Task CallerDisposesTheSessionAndStartsANewOne() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session : IDisposable
        {
            private readonly NetworkStream _stream;
            public Session(TcpClient client) { _stream = client.GetStream(); }
            public Task SendAsync(byte[] b) => _stream.WriteAsync(b, 0, b.Length);
            public void Dispose() => _stream.Dispose();
        }

        class Client
        {
            async Task Send(Func<TcpClient> connect, byte[] b)
            {
                var session = new Session(connect());
                try { await session.SendAsync(b); }
                catch (IOException)
                {
                    session.Dispose();
                    session = new Session(connect());
                }

                await session.SendAsync(b);
                session.Dispose();
            }
        }
        """);

    [Fact]
    public Task NullConditionalDisposeThenReconnect() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            private Socket _socket;
            private readonly Func<Socket> _connect;

            public Client(Func<Socket> connect) { _connect = connect; _socket = connect(); }

            public void Send(byte[] b)
            {
                try { _socket.Send(b); }
                catch (SocketException)
                {
                    _socket?.Dispose();
                    _socket = _connect();
                }

                _socket.Send(b);
            }
        }
        """);

    [Fact]
    public Task EachAttemptHasItsOwnUsingScopedConnection() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(string host, int port, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    using (var client = new TcpClient())
                    {
                        try
                        {
                            client.Connect(host, port);
                            var stream = client.GetStream();
                            stream.Write(b, 0, b.Length);
                            return;
                        }
                        catch (SocketException) { }
                        catch (IOException) { }
                    }
                }
            }
        }
        """);

    [Fact]
    public Task FailoverToTheNextEndpointWithANewSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Net;

        class Client
        {
            Socket Connect(EndPoint[] endPoints, byte[] hello)
            {
                foreach (var endPoint in endPoints)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        s.Connect(endPoint);
                        s.Send(hello);
                        return s;
                    }
                    catch (SocketException)
                    {
                        s.Dispose();
                        continue;
                    }
                }

                throw new InvalidOperationException("no endpoint answered");
            }
        }
        """);

    [Fact]
    public Task WriteAfterTheCatchInAnotherMethod() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            private readonly Socket _socket;
            private bool _failed;

            public Session(Socket socket) { _socket = socket; }

            public void Receive(byte[] b)
            {
                try { _socket.Receive(b); }
                catch (SocketException) { _failed = true; }
            }

            public void Reply(byte[] b)
            {
                if (!_failed)
                {
                    _socket.Send(b);
                }
            }
        }
        """);

    [Fact]
    public Task WriteToTheSameFieldOfAnotherInstance() => Verify.VerifyAnalyzerAsync(Usings + """
        class Peer
        {
            private readonly Socket _socket;

            public Peer(Socket socket) { _socket = socket; }

            public void Forward(Peer other, byte[] b)
            {
                try { _socket.Receive(b); }
                catch (SocketException)
                {
                    other._socket.Send(Encoding.ASCII.GetBytes("peer left"));
                    return;
                }

                other._socket.Send(b);
            }
        }
        """);

    [Fact]
    public Task TellTheClientWhenTheUpstreamFailed() => Verify.VerifyAnalyzerAsync(Usings + """
        class Proxy
        {
            void Handle(Socket client, Socket upstream, byte[] request, byte[] response)
            {
                try
                {
                    upstream.Send(request);
                    upstream.Receive(response);
                }
                catch (SocketException)
                {
                    client.Send(Encoding.ASCII.GetBytes("HTTP/1.1 502 Bad Gateway\r\n\r\n"));
                    return;
                }

                client.Send(response);
            }
        }
        """);

    [Fact]
    public Task RethrownToAnOuterCatchThatWritesToAnotherSocket() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket backend, Socket client, byte[] b)
            {
                try
                {
                    try { backend.Send(b); }
                    catch (SocketException e) { Console.WriteLine(e.SocketErrorCode); throw; }
                }
                catch (SocketException)
                {
                    client.Send(Encoding.ASCII.GetBytes("backend unavailable"));
                }
            }
        }
        """);

    [Fact]
    public Task TransientFilterAsOrPattern() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var i = 0; i < 3; i++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock) { }
                }
            }
        }
        """);

    [Fact]
    public Task TransientFilterAsPropertyPatterns() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Ping(Socket s, byte[] b)
            {
                try { s.Receive(b); }
                catch (SocketException e) when (e is { SocketErrorCode: SocketError.TimedOut })
                {
                    s.Send(Encoding.ASCII.GetBytes("PING"));
                }
            }

            void Ping(NetworkStream ns, byte[] b)
            {
                try { ns.Read(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.Interrupted })
                {
                    ns.Write(b, 0, b.Length);
                }
            }
        }
        """);

    [Fact]
    public Task TransientFilterThroughAClassificationHelper() => Verify.VerifyAnalyzerAsync(Usings + """
        static class SocketErrors
        {
            public static bool IsTransient(SocketException e) =>
                e.SocketErrorCode == SocketError.TimedOut || e.SocketErrorCode == SocketError.WouldBlock;

            public static bool IsRetryable(Exception e)
            {
                return e is SocketException { SocketErrorCode: SocketError.TimedOut } || IsTransient(e as SocketException ?? new SocketException());
            }
        }

        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var i = 0; i < 3; i++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException e) when (SocketErrors.IsTransient(e)) { }
                    catch (IOException e) when (SocketErrors.IsRetryable(e)) { }
                }
            }
        }
        """);

    [Fact]
    public Task ErrorReplyForAMalformedRequestIsFine() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(NetworkStream ns, byte[] b)
            {
                try
                {
                    var n = ns.Read(b, 0, b.Length);
                    var value = int.Parse(Encoding.ASCII.GetString(b, 0, n));
                    ns.Write(BitConverter.GetBytes(value * 2), 0, 4);
                }
                catch (FormatException)
                {
                    ns.Write(Encoding.ASCII.GetBytes("ERR not a number"), 0, 16);
                }
            }
        }
        """);

    [Fact]
    public Task NoIoInTheTryOnlySocketOptions() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.NoDelay = true; s.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true); }
                catch (SocketException e) { Console.WriteLine(e.SocketErrorCode); }
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task WritesInsideTheTryBeforeTheErrorAreFine() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try
                {
                    var n = s.Receive(b);
                    s.Send(b, 0, n, SocketFlags.None);
                }
                catch (SocketException)
                {
                    s.Close();
                }
            }
        }
        """);

    [Fact]
    public Task SocketAsyncEventArgsHandlerThatClosesOnFailure() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Collections.Generic;

        class Sender
        {
            private readonly Socket _socket;
            private readonly Queue<byte[]> _pending = new Queue<byte[]>();

            public Sender(Socket socket) { _socket = socket; }

            private void OnSendCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    _socket.Close();
                    return;
                }

                if (_pending.Count > 0)
                {
                    var next = _pending.Dequeue();
                    e.SetBuffer(next, 0, next.Length);
                    if (!_socket.SendAsync(e))
                    {
                        OnSendCompleted(_socket, e);
                    }
                }
            }

            private void OnReceiveCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.Success && e.BytesTransferred > 0)
                {
                    _socket.Send(e.Buffer, e.Offset, e.BytesTransferred, SocketFlags.None);
                }
                else
                {
                    _socket.Close();
                }
            }
        }
        """);

    [Fact]
    public Task ReportingAFailedBackgroundComputationToTheClient() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket client, byte[] request)
            {
                byte[] answer;
                try
                {
                    answer = Task.Run(() => Compute(request)).Result;
                }
                catch (AggregateException)
                {
                    client.Send(Encoding.ASCII.GetBytes("ERR computation failed"));
                    return;
                }

                client.Send(answer);
            }

            static byte[] Compute(byte[] request) => request;
        }
        """);

    [Fact]
    public Task SocketAsyncEventArgsTransientCodeOrSuccessIsNotAFailure() => Verify.VerifyAnalyzerAsync(Usings + """
        class Sender
        {
            private readonly Socket _socket;

            public Sender(Socket socket) { _socket = socket; }

            private void OnSendCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.WouldBlock || e.SocketError == SocketError.Success)
                {
                    _socket.SendAsync(e);
                }
                else
                {
                    _socket.Close();
                }
            }
        }
        """);

    // More of the fix.

    [Fact]
    public Task Fix_InLambdaAndLocalFunctionReturns() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action onData = () =>
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                };
                Func<Task> onDataAsync = async () =>
                {
                    try { await s.SendAsync(b, SocketFlags.None); }
                    catch (SocketException) { await [|s.SendAsync(b, SocketFlags.None)|]; }
                };

                void Local()
                {
                    try { s.Send(b); }
                    catch (SocketException) { [|s.Send(b)|]; }
                }

                onData();
                onDataAsync();
                Local();
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                Action onData = () =>
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        s.Close();
                        return;
                    }
                };
                Func<Task> onDataAsync = async () =>
                {
                    try { await s.SendAsync(b, SocketFlags.None); }
                    catch (SocketException) {
                        s.Close();
                        return;
                    }
                };

                void Local()
                {
                    try { s.Send(b); }
                    catch (SocketException) {
                        s.Close();
                        return;
                    }
                }

                onData();
                onDataAsync();
                Local();
            }
        }
        """);

    [Fact]
    public Task Fix_InASwitchSectionInsideALoopReturnsInsteadOfBreaking() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                while (true)
                {
                    var n = 0;
                    try { n = s.Receive(b); }
                    catch (SocketException) { }
                    switch (n)
                    {
                        case 0:
                            return;
                        default:
                            [|s.Send(b, 0, n, SocketFlags.None)|];
                            break;
                    }
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                while (true)
                {
                    var n = 0;
                    try { n = s.Receive(b); }
                    catch (SocketException) { }
                    switch (n)
                    {
                        case 0:
                            return;
                        default:
                            s.Close();
                            return;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_InAnAcceptLoopContinuesWithTheNextClient() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    var stream = client.GetStream();
                    try { stream.Read(b, 0, b.Length); }
                    catch (IOException)
                    {
                        [|stream.Write(b, 0, 1)|];
                    }

                    client.Close();
                }
            }
        }
        """, Usings + """
        using System.Net;

        class Server
        {
            void Serve(TcpListener listener, byte[] b)
            {
                while (true)
                {
                    var client = listener.AcceptTcpClient();
                    var stream = client.GetStream();
                    try { stream.Read(b, 0, b.Length); }
                    catch (IOException)
                    {
                        try
                        {
                            stream.Close();
                        }
                        catch (IOException)
                        {
                            // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
                        }
                        catch (ObjectDisposedException)
                        {
                            // The stream under it was closed already.
                        }
                        client.Close();
                        continue;
                    }

                    client.Close();
                }
            }
        }
        """);

    [Fact]
    public Task Fix_InAForeachOverClientsContinuesWithTheNextOne() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Hub
        {
            void Broadcast(List<Socket> clients, byte[] b)
            {
                foreach (var client in clients)
                {
                    try { client.Send(b); }
                    catch (SocketException)
                    {
                        [|client.Send(Encoding.ASCII.GetBytes("ERR"))|];
                    }
                }
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Hub
        {
            void Broadcast(List<Socket> clients, byte[] b)
            {
                foreach (var client in clients)
                {
                    try { client.Send(b); }
                    catch (SocketException)
                    {
                        client.Close();
                        continue;
                    }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_ContinueOnTheSameConnectionBecomesBreak() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Pump(Socket s, byte[] b)
            {
                while (true)
                {
                    int n;
                    try { n = s.Receive(b); }
                    catch (SocketException)
                    {
                        [|s.Send(Encoding.ASCII.GetBytes("ERR"))|];
                        continue;
                    }

                    if (n == 0) break;
                }
            }
        }
        """, Usings + """
        class Server
        {
            void Pump(Socket s, byte[] b)
            {
                while (true)
                {
                    int n;
                    try { n = s.Receive(b); }
                    catch (SocketException)
                    {
                        s.Close();
                        break;
                    }

                    if (n == 0) break;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_TheRestOfTheReplyGoesWithTheWrite() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException e)
                {
                    [|writer.WriteLine("ERR")|];
                    await [|writer.FlushAsync()|].ConfigureAwait(false);
                    Console.WriteLine(e.Message);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(TcpClient client)
            {
                var writer = new StreamWriter(client.GetStream());
                try { await writer.WriteLineAsync("hello"); await writer.FlushAsync(); }
                catch (IOException e)
                {
                    try
                    {
                        writer.Close();
                    }
                    catch (IOException)
                    {
                        // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
                    }
                    catch (ObjectDisposedException)
                    {
                        // The stream under it was closed already.
                    }
                    client.Close();
                    Console.WriteLine(e.Message);
                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixInAnIteratorOutsideTheCatch() => Verify.VerifyCodeFixAsync(Usings + """
        using System.Collections.Generic;

        class Server
        {
            IEnumerable<int> Pump(Socket s, byte[] b)
            {
                var n = 0;
                try { n = s.Receive(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                yield return n;
            }
        }
        """, Usings + """
        using System.Collections.Generic;

        class Server
        {
            IEnumerable<int> Pump(Socket s, byte[] b)
            {
                var n = 0;
                try { n = s.Receive(b); }
                catch (SocketException) { }
                [|s.Send(b)|];
                yield return n;
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixInAFinally() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                finally { [|s.Send(b)|]; }
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try { s.Send(b); }
                catch (SocketException) { }
                finally { [|s.Send(b)|]; }
            }
        }
        """);

    [Fact]
    public Task Fix_NoFixForARetriedWriteInsideTheTry() => Verify.VerifyCodeFixAsync(Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { [|s.Send(b)|]; return; }
                    catch (SocketException) { Thread.Sleep(100); }
                }
            }
        }
        """, Usings + """
        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { [|s.Send(b)|]; return; }
                    catch (SocketException) { Thread.Sleep(100); }
                }
            }
        }
        """);

    [Fact]
    public Task Fix_AwaitConfigureAwaitStatementForm() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(NetworkStream ns, byte[] b)
            {
                try { await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); }
                catch (IOException)
                {
                    await [|ns.WriteAsync(b, 0, b.Length)|].ConfigureAwait(false);
                }
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(NetworkStream ns, byte[] b)
            {
                try { await ns.ReadAsync(b, 0, b.Length).ConfigureAwait(false); }
                catch (IOException)
                {
                    try
                    {
                        ns.Close();
                    }
                    catch (IOException)
                    {
                        // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
                    }
                    catch (ObjectDisposedException)
                    {
                        // The stream under it was closed already.
                    }

                    return;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_CSharp7_3_NetStandard20_WriterOverAStream() => new Verify.Test
    {
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    var writer = new StreamWriter(new NetworkStream(s));
                    try { writer.Write("hello"); writer.Flush(); }
                    catch (IOException)
                    {
                        [|writer.Write("bye")|];
                    }
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    var writer = new StreamWriter(new NetworkStream(s));
                    try { writer.Write("hello"); writer.Flush(); }
                    catch (IOException)
                    {
                        try
                        {
                            writer.Close();
                        }
                        catch (IOException)
                        {
                            // Disposing flushes buffered data to a peer that is gone; the stream is closed anyway.
                        }
                        catch (ObjectDisposedException)
                        {
                            // The stream under it was closed already.
                        }
                        s.Close();
                        return;
                    }
                }
            }
            """,
    }.RunAsync();
}
