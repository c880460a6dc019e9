using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>Code that looks like SOCK005 and is right: no diagnostic.</summary>
public sealed class Valid : ConnectionNotClosed
{
    /// <summary>
    /// Real code (event arguments, holders, borrowed sockets): a project type that only refers to a connection owns
    /// nothing, so creating it acquires nothing; nor does one whose socket appears later, in Open/Connect.
    /// </summary>
    [Fact]
    public Task ProjectTypesThatOnlyReferToAConnectionAreNotAcquisitions() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class ConnectingEventArgs
        {
            public Socket Socket { get; set; }
            public bool Cancel { get; set; }
        }

        sealed class Auth
        {
            private readonly Socket _server;
            public Auth(Socket server) { _server = server; }
            public void Authenticate() { _server.Send(new byte[] { 5, 0 }); }
        }

        sealed class Listener
        {
            private Socket _socket;
            public void Open() { _socket = new Socket(SocketType.Stream, ProtocolType.Tcp); }
            public void Close() { _socket.Close(); }
        }

        class Server
        {
            void OnAccept(Socket accepted, System.Action<ConnectingEventArgs> raise)
            {
                var e = new ConnectingEventArgs { Socket = accepted };
                raise(e);
            }

            void Negotiate(Socket server)
            {
                var auth = new Auth(server);
                auth.Authenticate();
            }

            Listener Create()
            {
                var listener = new Listener();
                Console.WriteLine("created");
                return listener;
            }
        }
        """);

    [Fact]
    public Task ClosedOnEveryPath() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void UsingDeclaration(TcpListener listener, byte[] b)
            {
                using var client = listener.AcceptTcpClient();
                client.GetStream().Write(b, 0, b.Length);
            }

            void UsingStatement(Socket listener, byte[] b)
            {
                using (var s = listener.Accept())
                {
                    s.Send(b);
                }
            }

            void UsingExistingVariable(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                using (s)
                {
                    s.Send(b);
                }
            }

            void TryFinally(TcpListener listener, byte[] b)
            {
                var client = listener.AcceptTcpClient();
                try { client.GetStream().Write(b, 0, b.Length); }
                finally { client.Close(); }
            }

            async Task AwaitedAcceptWithUsing(TcpListener listener, byte[] b)
            {
                using var client = await listener.AcceptTcpClientAsync();
                await client.GetStream().WriteAsync(b, 0, b.Length);
            }

            void CatchClosesAndRethrows(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                try
                {
                    s.Send(b);
                }
                catch
                {
                    s.Dispose();
                    throw;
                }

                s.Close();
            }

            void NoThrowBetween(Socket listener)
            {
                var s = listener.Accept();
                s.Close();
            }

            void ShutdownThenCloseInFinally(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                try
                {
                    s.Receive(b);
                }
                finally
                {
                    try { s.Shutdown(SocketShutdown.Both); }
                    catch (SocketException) { }
                    finally { s.Close(); }
                }
            }
        }
        """);

    [Fact]
    public Task WrappersThatOwnTheConnectionCloseIt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void NetworkStreamOwnsSocket(Socket listener, byte[] b)
            {
                var s = listener.Accept();
                using (var ns = new NetworkStream(s, ownsSocket: true))
                {
                    ns.Write(b, 0, b.Length);
                }
            }

            void GetStreamIsOwnedByTheClient(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var stream = client.GetStream();
                stream.Dispose();
            }

            void SslStreamOwnsInner(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var ssl = new SslStream(client.GetStream(), leaveInnerStreamOpen: false);
                ssl.Dispose();
            }

            void WriterOwnsStream(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var writer = new StreamWriter(client.GetStream(), Encoding.UTF8, 1024, leaveOpen: false);
                writer.Dispose();
            }

            void WriterWithDefaultOwnership(TcpListener listener)
            {
                var client = listener.AcceptTcpClient();
                var writer = new StreamWriter(client.GetStream());
                writer.Dispose();
            }
        }
        """);

    [Fact]
    public Task HandedOff() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            private Socket _field;
            private readonly List<Socket> _clients = new List<Socket>();
            private Socket Current { get; set; }

            Socket Returned() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp); return s; }
            void StoredInField() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp); _field = s; }
            void StoredInProperty() { var s = new Socket(SocketType.Stream, ProtocolType.Tcp); Current = s; }
            void AddedToCollection(Socket listener) { var s = listener.Accept(); _clients.Add(s); }
            void StoredInArray(Socket listener, Socket[] slots) { var s = listener.Accept(); slots[0] = s; }
            void OutParameter(Socket listener, out Socket accepted) { var s = listener.Accept(); accepted = s; }
            void CapturedByLambda(Socket listener) { var s = listener.Accept(); Action close = () => s.Close(); close(); }
            void CapturedByLocalFunction(Socket listener) { var s = listener.Accept(); Close(); void Close() => s.Close(); }
            void StartedTask(Socket listener) { var s = listener.Accept(); Task.Run(() => Serve(s)); }
            void PassedToUnknownCode(Socket listener) { var s = listener.Accept(); ThreadPool.QueueUserWorkItem(Serve, s); }
            void PassedToAMethodThatCloses(Socket listener) { var s = listener.Accept(); Serve(s); }
            void PassedToAConstructorThatStores(Socket listener) { var s = listener.Accept(); using var session = new Session(s); session.Run(); }
            void OwningStreamReturned(Socket listener) { var s = listener.Accept(); var ns = new NetworkStream(s, true); _ = ns; Keep(ns); }

            void Keep(Stream stream) { _kept = stream; }
            private Stream _kept;
            static void Serve(object state) { using ((Socket)state) { } }
            static void Serve(Socket s) { using (s) { s.Send(new byte[1]); } }
        }

        sealed class Session : IDisposable
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Run() { _socket.Send(new byte[1]); }
            public void Dispose() { _socket.Close(); }
        }
        """);

    [Fact]
    public Task ConnectionsTheMethodDoesNotOwn() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            private Socket _socket;

            void Parameter(Socket s, byte[] b) { s.Send(b); }
            void Field(byte[] b) { _socket.Send(b); }
            void StreamOverAParameter(Socket s, byte[] b) { var ns = new NetworkStream(s); ns.Write(b, 0, b.Length); }
            void NotAConnection() { var ms = new MemoryStream(); ms.WriteByte(1); }
        }
        """);

    [Fact]
    public Task OwnershipTransferMethodsAcceptFullTypeNames() => new Verify.Test
    {
        TestCode = Usings + """
            namespace App
            {
                class Registry
                {
                    public void Register(Socket s) { s.Send(new byte[1]); }
                }

                class Server
                {
                    void Handle(Socket listener, Registry registry)
                    {
                        var s = listener.Accept();
                        registry.Register(s);
                    }
                }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\nsocket_analyzers.ownership_transfer_methods = App.Registry.Register, Other.Type.Method\n",
    }.RunAsync();

    [Fact]
    public Task SeverityCanBeLowered() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener) { var s = listener.Accept(); s.Send(new byte[1]); }
            }
            """,
        EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK005.severity = none\n",
    }.RunAsync();

    [Fact]
    public Task BrokenCodeDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener)
                {
                    var s = listener.Accept();
                    var t = new Unknown(s);
                }

                void UnresolvedCall(Socket listener)
                {
                    var s = listener.Accept();
                    missing.Take(s);
                }

                void UnresolvedMember(Socket listener)
                {
                    var s = listener.Accept();
                    s.Nope();
                }

                void UnresolvedAccept(Socket listener)
                {
                    var u = listener.AcceptSomething();
                    var v = new Socket("x");
                    u.Close();
                }

                void Dynamic(Socket listener, dynamic registry)
                {
                    var s = listener.Accept();
                    registry.Take(s);
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
        AllowCompilerErrors = true,
    }.RunAsync();

    [Fact]
    public Task HalfTypedCodeDoesNotCrash() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener)
                {
                    var s = listener.Accept(
                    using var t = new Socket(
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
        AllowCompilerErrors = true,
    }.RunAsync();

    /// <summary>
    /// A lambda that captures the accepted connection keeps it from where it is created: nothing before can throw
    /// (a thread started with it, a callback registered with it), and a local function that captures it is not
    /// judged (it can run from anywhere in the body).
    /// </summary>
    [Fact]
    public Task CapturedByALambdaRightAfterTheAccept() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            public void Listen(TcpListener listener)
            {
                while (true)
                {
                    TcpClient client = listener.AcceptTcpClient();
                    var thread = new Thread(() => Run(client));
                    client.NoDelay = true;
                    thread.Start();
                }
            }

            public async Task ListenAsync(TcpListener listener)
            {
                Socket socket = await listener.AcceptSocketAsync().ConfigureAwait(false);
                _ = Task.Run(() => socket.Dispose());
            }

            public void ListenWithLocalFunction(TcpListener listener)
            {
                TcpClient client = listener.AcceptTcpClient();
                client.NoDelay = true;
                Start();

                void Start() => new Thread(() => Run(client)).Start();
            }

            private static void Run(TcpClient client) { }
        }
        """);

    /// <summary>
    /// titanium-web-proxy's accept callback: the option set after the accept may throw only into a catch that
    /// swallows and goes on to the hand-off, or an ObjectDisposedException (the socket is closed already). A property
    /// set is no exception point: which exception it throws decides, and the analysis does not type exceptions.
    /// </summary>
    [Fact]
    public Task OptionSetInsideTheAcceptsTryBeforeTheHandOff() => Verify.VerifyAnalyzerAsync(Usings + """
        class Proxy
        {
            public bool NoDelay { get; set; }

            private void OnAccept(IAsyncResult result)
            {
                var listener = (TcpListener)result.AsyncState!;
                Socket? socket = null;
                try
                {
                    socket = listener.EndAcceptSocket(result);
                    socket.NoDelay = NoDelay;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }
                catch
                {
                }

                if (socket != null)
                    Task.Run(() => Handle(socket));
            }

            private static void Handle(Socket socket) => socket.Dispose();
        }
        """);
}
