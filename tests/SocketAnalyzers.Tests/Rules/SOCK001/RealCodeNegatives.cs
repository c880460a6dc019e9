using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.WriteAfterConnectionErrorAnalyzer,
    SocketAnalyzers.CodeFixes.WriteAfterConnectionErrorCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK001;

/// <summary>
/// The false-alarm classes SOCK001 made on real networking libraries (issue 17), each as its smallest shape: code
/// that looks like a write after a connection error and is not one.
/// </summary>
public sealed class RealCodeNegatives : WriteAfterConnectionError
{
    /// <summary>Reconnect/replace: the callee tests the connection, finds it dead, and connects again before it writes.</summary>
    [Fact]
    public Task CalleeReconnectsADeadConnectionBeforeWriting() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private readonly string _host;
            private TcpClient _client;
            private NetworkStream _stream;

            public Client(string host) { _host = host; }

            public void Send(byte[] b)
            {
                EnsureConnected();
                _stream.Write(b, 0, b.Length);
            }

            private void EnsureConnected()
            {
                if (_client != null && _client.Connected) return;
                _client?.Dispose();
                _client = new TcpClient(_host, 7);
                _stream = _client.GetStream();
            }
        }

        class Sender
        {
            void Run(Client client, byte[] b)
            {
                try { client.Send(b); }
                catch (IOException e) { Console.WriteLine(e.Message); }
                client.Send(b);
            }
        }
        """);

    /// <summary>Reconnect/replace: the catch calls a method that assigns a new session to the field the write then uses.</summary>
    [Fact]
    public Task CatchAssignsANewSessionThroughAHelper() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
        }

        sealed class Publisher
        {
            private Session _session = new Session(new Socket(SocketType.Stream, ProtocolType.Tcp));

            void Publish(byte[] b)
            {
                try { _session.Send(b); }
                catch (SocketException) { Replace(); }
                _session.Send(b);
            }

            private void Replace() => _session = new Session(new Socket(SocketType.Stream, ProtocolType.Tcp));
        }
        """);

    /// <summary>Catch bodies that filter: <c>if (IsResumable(code)) retry; else throw;</c> through a helper.</summary>
    [Fact]
    public Task CatchRethrowsUnlessAHelperSaysTheErrorIsResumable() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Errors
        {
            public static bool IsResumable(SocketError code) =>
                code == SocketError.WouldBlock || code == SocketError.Interrupted || code == SocketError.TimedOut;
        }

        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException e)
                    {
                        if (Errors.IsResumable(e.SocketErrorCode)) continue;
                        else throw;
                    }
                }
            }

            void SendNegated(Socket s, byte[] b)
            {
                while (true)
                {
                    try { s.Send(b); break; }
                    catch (SocketException e)
                    {
                        if (!Errors.IsResumable(e.SocketErrorCode)) throw;
                    }

                    s.Send(b);
                }
            }
        }
        """);

    /// <summary>Catch bodies that filter: a helper inside <c>when (...)</c> with a block body.</summary>
    [Fact]
    public Task FilterThroughAHelperWithABlockBody() => Verify.VerifyAnalyzerAsync(Usings + """
        static class Errors
        {
            public static bool IsTransient(SocketException e)
            {
                var code = e.SocketErrorCode;
                return code == SocketError.WouldBlock || code == SocketError.TimedOut;
            }
        }

        class Client
        {
            void Send(Socket s, byte[] b)
            {
                for (var attempt = 0; attempt < 3; attempt++)
                {
                    try { s.Send(b); return; }
                    catch (SocketException e) when (Errors.IsTransient(e)) { }
                }
            }
        }
        """);

    /// <summary>Catch bodies that filter: an assertion on the exception's type lets only that type go on.</summary>
    [Fact]
    public Task AssertionOnTheExceptionsType() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Diagnostics;

        class Tests
        {
            void TimesOut(Socket s, byte[] b)
            {
                try { s.Receive(b); }
                catch (Exception e)
                {
                    Debug.Assert(e is TimeoutException);
                }

                s.Send(b);
            }
        }
        """);

    /// <summary>A <c>Disconnect()</c> that sends a guarded goodbye and then closes is a close, not a write.</summary>
    [Fact]
    public Task DisconnectWithAGuardedGoodbyeIsAClose() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private static readonly byte[] Bye = Encoding.ASCII.GetBytes("QUIT\r\n");
            private readonly Socket _socket;

            public Session(Socket socket) { _socket = socket; }

            public void Send(byte[] b) => _socket.Send(b);

            public void Disconnect()
            {
                try { _socket.Send(Bye); } catch (SocketException) { }
                _socket.Close();
            }

            public void DisconnectIfConnected()
            {
                if (_socket.Connected) _socket.Send(Bye);
                _socket.Close();
            }
        }

        class Server
        {
            void Handle(Session session, byte[] b)
            {
                try { session.Send(b); }
                catch (SocketException) { session.Disconnect(); }
            }

            void HandleConnected(Session session, byte[] b)
            {
                try { session.Send(b); }
                catch (SocketException) { session.DisconnectIfConnected(); }
            }
        }
        """);

    /// <summary>
    /// An error from one connection blamed on another: the SocketException comes from the data socket; the control
    /// stream's writes throw IOException, which this catch does not take.
    /// </summary>
    [Fact]
    public Task ErrorOfTheDataConnectionIsNotTheControlConnections() => Verify.VerifyAnalyzerAsync(Usings + """
        class FtpSession
        {
            void Retrieve(NetworkStream control, Socket data, byte[] file)
            {
                try
                {
                    control.Write(Encoding.ASCII.GetBytes("150 Opening data connection\r\n"), 0, 30);
                    data.Send(file);
                }
                catch (SocketException)
                {
                    control.Write(Encoding.ASCII.GetBytes("426 Transfer aborted\r\n"), 0, 22);
                }
            }
        }
        """);

    /// <summary>A flag set in the catch that disables the later write.</summary>
    [Fact]
    public Task FlagSetInTheCatchDisablesTheLaterWrite() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            private bool _closed;

            void Echo(Socket s, byte[] b)
            {
                var failed = false;
                try { s.Receive(b); }
                catch (SocketException) { failed = true; }

                if (!failed)
                {
                    s.Send(b);
                }
            }

            void Loop(Socket s, byte[] b)
            {
                var running = true;
                while (running)
                {
                    try { s.Receive(b); }
                    catch (IOException) { running = false; }
                    catch (SocketException) { running = false; }

                    if (running) s.Send(b);
                }
            }

            void Field(Socket s, byte[] b)
            {
                try { s.Receive(b); }
                catch (SocketException) { _closed = true; }

                if (_closed) return;
                s.Send(b);
            }
        }
        """);
}
