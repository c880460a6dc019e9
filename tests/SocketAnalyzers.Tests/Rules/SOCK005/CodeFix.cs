using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>The SOCK005 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : ConnectionNotClosed
{
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
            // It takes ownership of the socket (closes it), so `new Session(s)` acquires it; not IDisposable, so no using.
            public void Close() { _socket.Close(); }
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
}
