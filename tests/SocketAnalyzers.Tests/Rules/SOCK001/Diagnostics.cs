using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK001;

/// <summary>SOCK001 reports these.</summary>
public sealed class Diagnostics : WriteAfterConnectionError
{
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

    /// <summary>The callee writes first and reconnects only after: the write is on the failed connection (issue 17, reconnect/replace).</summary>
    [Fact]
    public Task CalleeWritesBeforeItReconnects() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private TcpClient _client = new TcpClient();
            private NetworkStream _stream;

            public void Send(byte[] b)
            {
                _stream.Write(b, 0, b.Length);
                if (!_client.Connected) Reconnect();
            }

            private void Reconnect()
            {
                _client = new TcpClient("localhost", 7);
                _stream = _client.GetStream();
            }
        }

        class Sender
        {
            void Run(Client client, byte[] b)
            {
                try { client.Send(b); }
                catch (IOException e) { Console.WriteLine(e.Message); }
                [|client.Send(b)|];
            }
        }
        """);

    /// <summary>A goodbye that is not guarded, before the close: the write in the catch can fail (issue 17, Disconnect).</summary>
    [Fact]
    public Task DisconnectWithAnUnguardedGoodbyeWrites() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
            public void Disconnect() { _socket.Send(new byte[] { 0 }); _socket.Close(); }
        }

        class Server
        {
            void Handle(Session session, byte[] b)
            {
                try { session.Send(b); }
                catch (SocketException) { [|session.Disconnect()|]; }
            }
        }
        """);

    /// <summary>A catch that takes any exception blames every connection of the try (issue 17, data/control).</summary>
    [Fact]
    public Task CatchOfAnyErrorBlamesTheControlConnectionToo() => Verify.VerifyAnalyzerAsync(Usings + """
        class FtpSession
        {
            void Retrieve(NetworkStream control, Socket data, byte[] file)
            {
                try
                {
                    control.Write(Encoding.ASCII.GetBytes("150 Opening data connection\r\n"), 0, 30);
                    data.Send(file);
                }
                catch (Exception)
                {
                    [|control.Write(Encoding.ASCII.GetBytes("426 Transfer aborted\r\n"), 0, 22)|];
                }
            }
        }
        """);

    /// <summary>
    /// A helper that lets a reset through, and an assertion that the exception is a SocketException, do not make the
    /// later write safe (issue 17: only tests that just non-fatal errors pass, and assertions of other types, do).
    /// </summary>
    [Fact]
    public Task RetryTestThatAdmitsAResetAndAssertionOfASocketError() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics;

        static class Errors
        {
            public static bool IsRetryable(SocketError code) => code == SocketError.TimedOut || code == SocketError.ConnectionReset;
        }

        class Client
        {
            void Send(Socket s, byte[] b)
            {
                while (true)
                {
                    try { [|s.Send(b)|]; break; }
                    catch (SocketException e)
                    {
                        if (!Errors.IsRetryable(e.SocketErrorCode)) throw;
                    }

                    [|s.Send(b)|];
                }
            }

            void Asserted(Socket s, byte[] b)
            {
                try { s.Receive(b); }
                catch (Exception e)
                {
                    Debug.Assert(e is SocketException);
                }

                [|s.Send(b)|];
            }
        }
        """);

    /// <summary>A flag set in the catch that the later write does not test (issue 17: only a write the flag disables is safe).</summary>
    [Fact]
    public Task FlagSetInTheCatchButTheWriteIsNotGated() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Echo(Socket s, byte[] b)
            {
                var failed = false;
                try { s.Receive(b); }
                catch (SocketException) { failed = true; }

                Console.WriteLine(failed);
                [|s.Send(b)|];
            }
        }
        """);
}
