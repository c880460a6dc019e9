using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>
/// The false-alarm classes SOCK005 made on real networking libraries (issue 17 and the corpus triage), each as its
/// smallest shape: a connection that looks left open and is not.
/// </summary>
public sealed class RealCodeNegatives : ConnectionNotClosed
{
    /// <summary>
    /// A hand-off: the accepted client goes to a session constructor that stores it and disposes it in its own
    /// Dispose, and the session is kept in a dictionary.
    /// </summary>
    [Fact]
    public Task AcceptedClientHandedToASessionKeptInADictionary() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session : IDisposable
        {
            private readonly TcpClient _client;
            public Session(TcpClient client) { _client = client; }
            public void Dispose() => _client.Dispose();
        }

        sealed class Server
        {
            private readonly Dictionary<int, Session> _sessions = new Dictionary<int, Session>();
            private int _next;

            void AcceptOne(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var session = new Session(client);
                _sessions[_next++] = session;
            }

            void AcceptWithAdd(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var session = new Session(client);
                _sessions.Add(_next++, session);
            }
        }
        """);

    /// <summary><c>finally { try { s.Shutdown(Both); } catch (SocketException) { } s.Close(); }</c>: closed on every path.</summary>
    [Fact]
    public Task ShutdownInATryInsideFinallyThenClose() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Serve(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                try
                {
                    s.Receive(b);
                    s.Send(b);
                }
                finally
                {
                    try { s.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                    s.Close();
                }
            }
        }
        """);

    /// <summary>
    /// Code that cannot throw (allocating a collection, arithmetic, an object initializer of a plain project type)
    /// between the accept and the hand-off makes no exception path on which the connection leaks.
    /// </summary>
    [Fact]
    public Task NothingThatCanThrowBeforeTheHandOff() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AcceptSocketInfo
        {
            public Socket Socket { get; set; }
            public int Backlog { get; set; }
        }

        sealed class Listener
        {
            private readonly Socket _socket;
            private readonly Action<AcceptSocketInfo> _accepted;
            private readonly Action<Socket, List<byte[]>> _queued;
            private int _errors;

            public Listener(Socket socket, Action<AcceptSocketInfo> accepted, Action<Socket, List<byte[]>> queued)
            {
                _socket = socket;
                _accepted = accepted;
                _queued = queued;
            }

            void AcceptLoop()
            {
                while (true)
                {
                    try
                    {
                        var s = _socket.Accept();
                        var pending = new List<byte[]>();
                        var backlog = Math.Max(_errors, 16);
                        var item = new AcceptSocketInfo { Socket = s, Backlog = backlog };
                        _queued(s, pending);
                        _accepted(item);
                    }
                    catch (Exception)
                    {
                        if (++_errors > 10) break;
                    }
                }
            }
        }
        """);

    /// <summary>
    /// BeetleX's ListenHandler: the accepted socket is stored in an object (plain assignments, no constructor of its
    /// own) that is passed to the accept callback, which owns it from then on.
    /// </summary>
    [Fact]
    public Task AcceptedSocketStoredInAnObjectPassedToADelegate() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class AcceptSocketInfo
        {
            public Listener Listen { get; set; }
            public Socket Socket { get; set; }
        }

        sealed class Listener
        {
            private readonly Socket _socket;
            private readonly Action<AcceptSocketInfo> _acceptCallBack;
            private bool _disposed;

            public Listener(Socket socket, Action<AcceptSocketInfo> acceptCallBack) { _socket = socket; _acceptCallBack = acceptCallBack; }

            private async Task OnAsyncAccept()
            {
                while (true)
                {
                    try
                    {
                        var socket = await _socket.AcceptAsync();
                        AcceptSocketInfo item = new AcceptSocketInfo();
                        item.Socket = socket;
                        item.Listen = this;
                        _acceptCallBack(item);
                    }
                    catch (Exception)
                    {
                        if (_disposed) break;
                    }
                }
            }
        }
        """);

    /// <summary>
    /// amqpnetlite's WebSocketTransport: a ClientWebSocket holds nothing until it connects, disposes itself when the
    /// connect fails, and is stored in a field when it succeeds.
    /// </summary>
    [Fact]
    public Task ClientWebSocketIsOwnedFromItsConnect() => Verify.VerifyAnalyzerAsync(Usings + """
        using System.Net.WebSockets;

        sealed class WebSocketTransport
        {
            private ClientWebSocket _webSocket;

            internal async Task<WebSocketTransport> ConnectAsync(Uri uri, string subprotocol, Action<ClientWebSocketOptions> options)
            {
                ClientWebSocket cws = new ClientWebSocket();
                cws.Options.AddSubProtocol(subprotocol);
                if (options != null)
                {
                    options(cws.Options);
                }

                await cws.ConnectAsync(uri, CancellationToken.None).ConfigureAwait(false);
                _webSocket = cws;
                return this;
            }

            internal async Task ConnectWithTokenAsync(Uri uri, Func<string> token)
            {
                var cws = new ClientWebSocket();
                cws.Options.SetRequestHeader("Authorization", token());
                await cws.ConnectAsync(uri, CancellationToken.None);
                _webSocket = cws;
            }
        }
        """);

    /// <summary>shadowsocks' UDPRelay: a UDP socket, created by a project type, is not a connection.</summary>
    [Fact]
    public Task UdpSocketsOfAProjectTypeAreNotConnections() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class UdpHandler
        {
            private readonly Socket _local;
            private readonly Socket _remote;

            public UdpHandler(Socket local, IPEndPoint remote)
            {
                _local = local;
                _remote = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                _remote.Bind(new IPEndPoint(IPAddress.Any, 0));
            }

            public void Receive() => _remote.BeginReceive(new byte[1500], 0, 1500, SocketFlags.None, null, null);

            public void Close() => _remote.Close();
        }

        sealed class UdpRelay
        {
            private readonly Dictionary<EndPoint, UdpHandler> _cache = new Dictionary<EndPoint, UdpHandler>();

            bool Handle(Socket socket, IPEndPoint remote)
            {
                var handler = new UdpHandler(socket, remote);
                handler.Receive();
                _cache[remote] = handler;
                var direct = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                direct.SendTo(new byte[1], remote);
                return true;
            }
        }
        """);
}
