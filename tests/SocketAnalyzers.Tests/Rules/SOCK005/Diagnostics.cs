using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>SOCK005 reports these.</summary>
public sealed class Diagnostics : ConnectionNotClosed
{
    /// <summary>A project type owns a connection when its constructor creates one, or stores one passed in that its Close closes.</summary>
    [Fact]
    public Task ProjectTypesThatCreateOrTakeOwnershipAreAcquisitions() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Client
        {
            private readonly TcpClient _client = new TcpClient();
            public void Send(byte[] b) => _client.GetStream().Write(b, 0, b.Length);
            public void Close() => _client.Close();
        }

        sealed class Connector
        {
            private readonly Socket _socket;
            public Connector() : this(new Socket(SocketType.Stream, ProtocolType.Tcp)) { }
            private Connector(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
            public void Close() => _socket.Close();
        }

        sealed class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Send(byte[] b) => _socket.Send(b);
            public void Close() => _socket.Close();
        }

        class Server
        {
            void Run(byte[] b, Socket listener)
            {
                var client = [|new Client()|];
                client.Send(b);
                var connector = [|new Connector()|];
                connector.Send(b);
                var accepted = listener.Accept();
                var session = [|new Session(accepted)|];
                session.Send(b);
            }
        }
        """);

    [Fact]
    public Task AcceptedClientLeaksWhenTheCatchSwallows() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpListener listener, byte[] b)
            {
                var client = {|#0:listener.AcceptTcpClient()|};
                try
                {
                    client.GetStream().Write(b, 0, b.Length);
                    client.Close();
                }
                catch (IOException) { }
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("a path"));

    [Fact]
    public Task EveryKindOfAcceptIsOwned() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(TcpListener listener, Socket socket, IAsyncResult ar, CancellationToken token)
            {
                var a = [|socket.Accept()|];
                var b = await [|socket.AcceptAsync()|];
                var c = await [|socket.AcceptAsync(token)|];
                var d = [|socket.EndAccept(ar)|];
                var e = [|listener.AcceptSocket()|];
                var f = await [|listener.AcceptSocketAsync()|];
                var g = [|listener.EndAcceptSocket(ar)|];
                var h = [|listener.AcceptTcpClient()|];
                var i = await [|listener.AcceptTcpClientAsync()|];
                var j = await [|listener.AcceptTcpClientAsync(token)|];
                var k = [|listener.EndAcceptTcpClient(ar)|];
            }
        }
        """);

    [Fact]
    public Task CreatedWithNew() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Connect(EndPoint ep, byte[] b)
            {
                var socket = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                socket.Connect(ep);
                socket.Send(b);
            }

            void ConnectClient(byte[] b)
            {
                var client = [|new TcpClient("localhost", 80)|];
                client.GetStream().Write(b, 0, b.Length);
            }

            void NeverUsed()
            {
                var socket = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
            }
        }
        """);

    [Fact]
    public Task ExceptionPathOnlyIsSaid() => Verify.VerifyAnalyzerAsync(Usings + """
        class Client
        {
            void Send(EndPoint ep, byte[] b)
            {
                var socket = {|#0:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                socket.Connect(ep);
                socket.Send(b);
                socket.Close();
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("an exception path"));

    [Fact]
    public Task EarlyReturnLeaks() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpListener listener, bool stopping)
            {
                var client = [|listener.AcceptTcpClient()|];
                if (stopping)
                {
                    return;
                }

                client.Close();
            }
        }
        """);

    [Fact]
    public Task CloseGuardedByConnectedDoesNotCount() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpListener listener)
            {
                var client = [|listener.AcceptTcpClient()|];
                if (client.Connected)
                {
                    client.Close();
                }
            }

            void Ternary(Socket listener)
            {
                var s = [|listener.Accept()|];
                _ = s.Connected && Close(s);
            }

            static bool Close(Socket s) { s.Close(); return true; }
        }
        """);

    [Fact]
    public Task ReassignmentLeaksTheFirst() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(TcpListener listener)
            {
                var client = [|listener.AcceptTcpClient()|];
                client = listener.AcceptTcpClient();
                client.Close();
            }

            void ClosedFirst(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                client.Close();
                client = listener.AcceptTcpClient();
                client.Close();
            }
        }
        """);

    [Fact]
    public Task FactoryLeaksWhenAConfigurationCallThrows() => Verify.VerifyAnalyzerAsync(Usings + """
        class Factory
        {
            Socket Create(EndPoint ep)
            {
                var s = {|#0:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                s.NoDelay = true;
                s.Bind(ep);
                return s;
            }

            Socket CreateOnly()
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                return s;
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("an exception path"));

    [Fact]
    public Task AwaitedAcceptWithoutUsing() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task Handle(TcpListener listener, byte[] b)
            {
                var client = await [|listener.AcceptTcpClientAsync()|].ConfigureAwait(false);
                await client.GetStream().WriteAsync(b, 0, b.Length);
            }
        }
        """);

    [Fact]
    public Task WrappersThatDoNotOwnTheConnectionDoNotCloseIt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void NetworkStreamWithoutOwnsSocket(Socket listener)
            {
                var s = [|listener.Accept()|];
                var ns = new NetworkStream(s);
                ns.Dispose();
            }

            void NetworkStreamOwnsSocketFalse(Socket listener)
            {
                var s = [|listener.Accept()|];
                var ns = new NetworkStream(s, ownsSocket: false);
                ns.Dispose();
            }

            void SslStreamLeavesInnerOpen(TcpListener listener)
            {
                var client = [|listener.AcceptTcpClient()|];
                var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: true);
                ssl.Dispose();
            }

            void WriterLeavesOpen(TcpListener listener)
            {
                var client = [|listener.AcceptTcpClient()|];
                var writer = new StreamWriter(client.GetStream(), Encoding.UTF8, 1024, leaveOpen: true);
                writer.Dispose();
            }
        }
        """);

    [Fact]
    public Task ProjectMethodThatDoesNotCloseOrStoreIt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Greet(Socket s) { s.Send(new byte[1]); }

            void Handle(Socket listener)
            {
                var s = [|listener.Accept()|];
                Greet(s);
            }
        }
        """);

    [Fact]
    public Task SessionObjectThatIsNeverDisposed() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session : IDisposable
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Run() { _socket.Send(new byte[1]); }
            public void Dispose() { _socket.Close(); }
        }

        class Server
        {
            void Handle(Socket listener)
            {
                var s = listener.Accept();
                var session = [|new Session(s)|];
                session.Run();
            }
        }
        """);

    [Fact]
    public Task LambdaAndLocalFunctionBodiesAreCheckedOnTheirOwn() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket listener)
            {
                Action accept = () => { var s = [|listener.Accept()|]; s.Send(new byte[1]); };
                void Accept() { var s = [|listener.Accept()|]; s.Send(new byte[1]); }
                accept();
                Accept();
            }
        }
        """);

    [Fact]
    public Task OwnershipTransferMethodsMakeAProjectMethodTakeOwnership() => new Verify.Test
    {
        TestCode = Usings + """
            class Registry
            {
                public void Register(Socket s) { s.Send(new byte[1]); }
                public void Greet(Socket s) { s.Send(new byte[1]); }
            }

            class Server
            {
                void Handle(Socket listener, Registry registry)
                {
                    var registered = listener.Accept();
                    registry.Register(registered);
                    var greeted = [|listener.Accept()|];
                    registry.Greet(greeted);
                }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.ownership_transfer_methods = Registry.Register\n",
    }.RunAsync();

    [Fact]
    public Task ExcludedTypesAreNotChecked() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Socket(Socket listener) { var s = listener.Accept(); s.Send(new byte[1]); }
                void Client(TcpListener listener) { var c = [|listener.AcceptTcpClient()|]; c.GetStream().WriteByte(1); }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.excluded_types = System.Net.Sockets.Socket\n",
    }.RunAsync();

    [Fact]
    public Task CSharp73OnNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    var client = [|listener.AcceptTcpClient()|];
                    client.GetStream().Write(b, 0, b.Length);
                }

                void Closed(TcpListener listener, byte[] b)
                {
                    using (var client = listener.AcceptTcpClient())
                    {
                        client.GetStream().Write(b, 0, b.Length);
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    /// <summary>
    /// A call that can throw between the accept and the hand-off, and a TCP socket created by a project type: both still
    /// leak (issue 17: only code that cannot throw makes no exception path; only UDP sockets are not connections).
    /// </summary>
    [Fact]
    public Task ThrowingCallBeforeTheHandOffAndATcpSocketOfAProjectType() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Relay
        {
            private readonly Socket _remote;
            public Relay(IPEndPoint remote) { _remote = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp); }
            public void Start() => _remote.BeginReceive(new byte[1500], 0, 1500, SocketFlags.None, null, null);
            public void Close() => _remote.Close();
        }

        sealed class Server
        {
            private readonly List<Socket> _clients = new List<Socket>();
            private readonly List<Relay> _relays = new List<Relay>();

            void Accept(Socket listener, string backlog)
            {
                var s = [|listener.Accept()|];
                var limit = int.Parse(backlog);
                _clients.Add(s);
            }

            void Open(IPEndPoint remote)
            {
                var relay = [|new Relay(remote)|];
                relay.Start();
                _relays.Add(relay);
            }
        }
        """);

    /// <summary>A ClientWebSocket is owned from its connect on: connected and never closed, it leaks (embedio's tests).</summary>
    [Fact]
    public Task ConnectedClientWebSocketNeverClosed() => Verify.VerifyAnalyzerAsync(Usings + """
        class Tests
        {
            async Task ConnectAndSend(Uri uri, ArraySegment<byte> b)
            {
                var socket = [|new System.Net.WebSockets.ClientWebSocket()|];
                await socket.ConnectAsync(uri, default);
                await socket.SendAsync(b, System.Net.WebSockets.WebSocketMessageType.Text, true, default);
            }
        }
        """);

    /// <summary>
    /// A lambda that captures the connection keeps it from where it is created, not before: a call before it can
    /// throw (here an option set on the accepted client: setsockopt fails after an early reset on macOS), and the
    /// client leaks (Telepathy's server).
    /// </summary>
    [Fact]
    public Task AcceptedClientConfiguredBeforeTheThreadThatKeepsItIsCreated() => VerifyNoFix(Usings + """
        class Server
        {
            private readonly Dictionary<int, TcpClient> _clients = new Dictionary<int, TcpClient>();
            private int _next;

            public void Listen(TcpListener listener)
            {
                while (true)
                {
                    TcpClient client = {|#0:listener.AcceptTcpClient()|};
                    client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.NoDelay, true);
                    var thread = new Thread(() => Run(client));
                    _clients[++_next] = client;
                    thread.Start();
                }
            }

            private static void Run(TcpClient client) { }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("an exception path"));

    /// <summary>A path that returns before the lambda that would keep the connection is created leaves it open.</summary>
    [Fact]
    public Task RejectedBeforeTheTaskThatKeepsItIsStarted() => VerifyNoFix(Usings + """
        class Server
        {
            public async Task ListenAsync(TcpListener listener, Func<EndPoint?, bool> allowed)
            {
                Socket socket = await {|#0:listener.AcceptSocketAsync()|}.ConfigureAwait(false);
                if (!allowed(socket.RemoteEndPoint))
                {
                    return;
                }

                _ = Task.Run(() => Serve(socket));
            }

            private static void Serve(Socket socket) => socket.Dispose();
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("a path"));
}
