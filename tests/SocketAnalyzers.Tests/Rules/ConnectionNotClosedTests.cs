using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class ConnectionNotClosedTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Security;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    // What is reported: owned connections that some path leaves open.

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

    // What is not reported: closed on every path, or handed off.

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

    // .editorconfig

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

    // Older language versions and targets, broken code.

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

    // The fixes.

    [Fact]
    public Task Fix_UsingDeclaration() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(TcpListener listener, byte[] b)
            {
                // Accept the next client.
                var client = [|listener.AcceptTcpClient()|];
                client.GetStream().Write(b, 0, b.Length);
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(TcpListener listener, byte[] b)
            {
                // Accept the next client.
                using var client = listener.AcceptTcpClient();
                client.GetStream().Write(b, 0, b.Length);
            }
        }
        """);

    [Fact]
    public Task Fix_UsingDeclaration_AwaitedAcceptAndExplicitType() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(TcpListener listener, byte[] b)
            {
                TcpClient client = await [|listener.AcceptTcpClientAsync()|].ConfigureAwait(false);
                await client.GetStream().WriteAsync(b, 0, b.Length);
                if (b.Length == 0)
                {
                    return;
                }

                client.Close();
            }
        }
        """, Usings + """
        class Server
        {
            async Task Handle(TcpListener listener, byte[] b)
            {
                using TcpClient client = await listener.AcceptTcpClientAsync().ConfigureAwait(false);
                await client.GetStream().WriteAsync(b, 0, b.Length);
                if (b.Length == 0)
                {
                    return;
                }

                client.Close();
            }
        }
        """);

    [Fact]
    public Task Fix_UsingStatementBeforeCSharp8() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    Console.WriteLine("accepting");
                    var client = [|listener.AcceptTcpClient()|];
                    var stream = client.GetStream();
                    // Reply.
                    stream.Write(b, 0, b.Length);
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    Console.WriteLine("accepting");
                    using (var client = listener.AcceptTcpClient())
                    {
                        var stream = client.GetStream();
                        // Reply.
                        stream.Write(b, 0, b.Length);
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task Fix_CloseInFinallyShutsDownFirst() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    var s = [|listener.Accept()|];
                    s.Receive(b);
                    s.Send(b);
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    var s = listener.Accept();
                    try
                    {
                        s.Receive(b);
                        s.Send(b);
                    }
                    finally
                    {
                        try
                        {
                            s.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            s.Close();
                        }
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey,
    }.RunAsync();

    [Fact]
    public Task Fix_CloseInFinally_TcpClient_CSharp73() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    var client = [|listener.AcceptTcpClient()|];
                    client.GetStream().Write(b, 0, b.Length);
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(TcpListener listener, byte[] b)
                {
                    var client = listener.AcceptTcpClient();
                    try
                    {
                        client.GetStream().Write(b, 0, b.Length);
                    }
                    finally
                    {
                        try
                        {
                            client.Client?.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            client.Close();
                        }
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task Fix_FactoryClosesOnException() => Verify.VerifyCodeFixAsync(Usings + """
        class Factory
        {
            Socket Create(EndPoint ep)
            {
                var s = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                s.NoDelay = true;
                s.Bind(ep);
                return s;
            }
        }
        """, Usings + """
        class Factory
        {
            Socket Create(EndPoint ep)
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    s.NoDelay = true;
                    s.Bind(ep);
                    return s;
                }
                catch
                {
                    s.Close();
                    throw;
                }
            }
        }
        """);

    [Fact]
    public Task Fix_FactoryReturningAnOwningStream_CSharp73() => new Verify.Test
    {
        TestCode = Usings + """
            class Factory
            {
                Stream Connect(EndPoint ep)
                {
                    var s = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                    s.Connect(ep);
                    return new NetworkStream(s, ownsSocket: true);
                }
            }
            """,
        FixedCode = Usings + """
            class Factory
            {
                Stream Connect(EndPoint ep)
                {
                    var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    try
                    {
                        s.Connect(ep);
                        return new NetworkStream(s, ownsSocket: true);
                    }
                    catch
                    {
                        s.Close();
                        throw;
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task NoFix_FactoryThatAlsoLeaksOnAnEarlyReturn() => VerifyNoFix(Usings + """
        class Factory
        {
            Socket Create(EndPoint ep, bool bind)
            {
                var s = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                if (!bind)
                {
                    return null;
                }

                s.Bind(ep);
                return s;
            }
        }
        """);

    [Fact]
    public Task NoFix_StoredOnAnotherPath() => VerifyNoFix(Usings + """
        class Server
        {
            private readonly List<Socket> _clients = new List<Socket>();

            void Handle(Socket listener, bool keep)
            {
                var s = [|listener.Accept()|];
                if (keep)
                {
                    _clients.Add(s);
                    return;
                }

                s.Send(new byte[1]);
            }
        }
        """);

    [Fact]
    public Task NoFix_NotALocalDeclaration() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(Socket listener)
            {
                Socket s;
                s = [|listener.Accept()|];
                s.Send(new byte[1]);
            }
        }
        """);

    [Fact]
    public Task NoFix_LocalAssignedAgain() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(TcpListener listener)
            {
                var client = [|listener.AcceptTcpClient()|];
                client = [|listener.AcceptTcpClient()|];
                client.GetStream().WriteByte(1);
            }
        }
        """);

    [Fact]
    public Task NoFix_CopiedToAVariableThatOutlivesTheBlock() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(Socket listener, bool accept)
            {
                Socket current = null;
                if (accept)
                {
                    var s = [|listener.Accept()|];
                    current = s;
                }

                current?.Send(new byte[1]);
            }
        }
        """);

    [Fact]
    public Task NoFix_FactoryWhoseBlockDoesNotReturn() => VerifyNoFix(Usings + """
        class Factory
        {
            Socket Create(EndPoint ep, bool bind)
            {
                Socket result;
                {
                    var s = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                    result = s;
                }

                result.Bind(ep);
                return result;
            }
        }
        """);

    [Fact]
    public Task NoFix_SessionThatIsNotDisposable() => VerifyNoFix(Usings + """
        sealed class Session
        {
            private readonly Socket _socket;
            public Session(Socket socket) { _socket = socket; }
            public void Run() { _socket.Send(new byte[1]); }
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
    public Task NoWrappingFix_LocalFunctionAfterTheDeclaration_CSharp73() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener)
                {
                    Log();
                    var s = [|listener.Accept()|];
                    s.Send(new byte[1]);
                    void Log() => Console.WriteLine("accepting");
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket listener)
                {
                    Log();
                    var s = [|listener.Accept()|];
                    s.Send(new byte[1]);
                    void Log() => Console.WriteLine("accepting");
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        NumberOfIncrementalIterations = 0,
        NumberOfFixAllIterations = 0,
    }.RunAsync();

    [Fact]
    public Task NoUsingFix_InASwitchSection() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(Socket listener, int mode)
            {
                switch (mode)
                {
                    case 1:
                        var s = [|listener.Accept()|];
                        s.Send(new byte[1]);
                        break;
                }
            }
        }
        """);

    [Fact]
    public Task FixAll_UsingDeclarations() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket listener, TcpListener tcp)
            {
                var a = [|listener.Accept()|];
                var b = [|tcp.AcceptTcpClient()|];
                a.Send(new byte[1]);
                b.GetStream().WriteByte(1);
            }

            void Other(Socket listener)
            {
                var c = [|listener.Accept()|];
                c.Send(new byte[1]);
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(Socket listener, TcpListener tcp)
            {
                using var a = listener.Accept();
                using var b = tcp.AcceptTcpClient();
                a.Send(new byte[1]);
                b.GetStream().WriteByte(1);
            }

            void Other(Socket listener)
            {
                using var c = listener.Accept();
                c.Send(new byte[1]);
            }
        }
        """);

    [Fact]
    public Task FixAll_NestedUsingStatements_CSharp73() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, TcpListener tcp)
                {
                    var a = [|listener.Accept()|];
                    a.Send(new byte[1]);
                    var b = [|tcp.AcceptTcpClient()|];
                    b.GetStream().WriteByte(1);
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket listener, TcpListener tcp)
                {
                    using (var a = listener.Accept())
                    {
                        a.Send(new byte[1]);
                        using (var b = tcp.AcceptTcpClient())
                        {
                            b.GetStream().WriteByte(1);
                        }
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
    }.RunAsync();

    [Fact]
    public Task FixAll_NestedCloseInFinally() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, Socket other)
                {
                    var a = [|listener.Accept()|];
                    var b = [|other.Accept()|];
                    a.Send(new byte[1]);
                    b.Send(new byte[1]);
                }
            }
            """,
        FixedCode = Usings + """
            class Server
            {
                void Handle(Socket listener, Socket other)
                {
                    var a = listener.Accept();
                    try
                    {
                        var b = other.Accept();
                        try
                        {
                            a.Send(new byte[1]);
                            b.Send(new byte[1]);
                        }
                        finally
                        {
                            try
                            {
                                b.Shutdown(SocketShutdown.Both);
                            }
                            catch (SocketException)
                            {
                                // The peer reset the connection already: nothing is left to shut down.
                            }
                            catch (ObjectDisposedException)
                            {
                                // Closed already: through a wrapper that owned it, or by an earlier close.
                            }
                            finally
                            {
                                b.Close();
                            }
                        }
                    }
                    finally
                    {
                        try
                        {
                            a.Shutdown(SocketShutdown.Both);
                        }
                        catch (SocketException)
                        {
                            // The peer reset the connection already: nothing is left to shut down.
                        }
                        catch (ObjectDisposedException)
                        {
                            // Closed already: through a wrapper that owned it, or by an earlier close.
                        }
                        finally
                        {
                            a.Close();
                        }
                    }
                }
            }
            """,
        CodeActionEquivalenceKey = ConnectionNotClosedCodeFix.CloseInFinallyEquivalenceKey,
    }.RunAsync();

    private static Task VerifyNoFix(string source) => new Verify.Test
    {
        TestCode = source,
        FixedCode = source,
        NumberOfIncrementalIterations = 0,
        NumberOfFixAllIterations = 0,
    }.RunAsync();
}
