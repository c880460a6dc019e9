using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using SocketAnalyzers.CodeFixes;
using SocketAnalyzers.Rules;
using SocketAnalyzers.Testing;
using Xunit;
using Verify = SocketAnalyzers.Testing.CSharpCodeFixVerifier<
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
}
