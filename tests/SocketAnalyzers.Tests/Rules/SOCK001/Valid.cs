using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK001;

/// <summary>Code that looks like SOCK001 and is right: no diagnostic.</summary>
public sealed class Valid : WriteAfterConnectionError
{
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
}
