using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK008;

/// <summary>The SOCK008 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : CloseWithoutShutdown
{
    [Fact]
    public Task Fix_ExplicitClose() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Send(b);
                // Done.
                [|s.Close()|];
            }
        }
        """, Usings + $$"""
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Send(b);
                // Done.
        {{NormalEnd("s", "        ")}}
            }
        }
        """);

    [Fact]
    public Task Fix_ExplicitDisposeInAnIf() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            private Socket _socket;

            void Handle(byte[] b, bool done)
            {
                _socket.Receive(b);
                if (done)
                    [|_socket.Dispose()|];
            }
        }
        """, Usings + $$"""
        class Server
        {
            private Socket _socket;

            void Handle(byte[] b, bool done)
            {
                _socket.Receive(b);
                if (done)
        {{NormalEnd("_socket", "            ")}}
            }
        }
        """);

    [Fact]
    public Task Fix_ClientSocketClosedThroughItsOwner() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(TcpClient client, byte[] b)
            {
                client.GetStream().Read(b, 0, b.Length);
                [|client.Client.Close()|];
            }
        }
        """, Usings + """
        class Server
        {
            void Handle(TcpClient client, byte[] b)
            {
                client.GetStream().Read(b, 0, b.Length);
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
        """);

    [Fact]
    public Task Fix_UsingStatement() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            void Handle(Socket listener, byte[] b)
            {
                [|using|] (var s = listener.Accept())
                {
                    s.Receive(b);
                    s.Send(b);
                }
            }
        }
        """, Usings + $$"""
        class Server
        {
            void Handle(Socket listener, byte[] b)
            {
                using (var s = listener.Accept())
                {
                    s.Receive(b);
                    s.Send(b);
        {{NormalEnd("s", "            ")}}
                }
            }
        }
        """);

    [Fact]
    public Task Fix_UsingStatementWithoutBraces_CSharp73() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    var s = listener.Accept();
                    [|using|] (s)
                        s.Receive(b);
                }
            }
            """,
        FixedCode = Usings + $$"""
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    var s = listener.Accept();
                    using (s)
                    {
                        s.Receive(b);
            {{NormalEnd("s", "            ")}}
                    }
                }
            }
            """,
        LanguageVersion = LanguageVersion.CSharp7_3,
        ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
    }.RunAsync();

    [Fact]
    public Task Fix_UsingDeclaration() => Verify.VerifyCodeFixAsync(Usings + """
        class Server
        {
            async Task Handle(Socket listener, byte[] b)
            {
                [|using|] var s = await listener.AcceptAsync();
                await s.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None);
                await s.SendAsync(new ArraySegment<byte>(b), SocketFlags.None);
            }
        }
        """, Usings + $$"""
        class Server
        {
            async Task Handle(Socket listener, byte[] b)
            {
                using var s = await listener.AcceptAsync();
                await s.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None);
                await s.SendAsync(new ArraySegment<byte>(b), SocketFlags.None);
        {{NormalEnd("s", "        ")}}
            }
        }
        """);

    [Fact]
    public Task NoFix_UsingDeclarationWhoseBlockEndsWithAReturn() => VerifyNoFix(Usings + """
        class Server
        {
            int Handle(Socket listener, byte[] b)
            {
                [|using|] var s = listener.Accept();
                return s.Receive(b);
            }
        }
        """);

    [Fact]
    public Task NoFix_UsingBodyLeftEarly() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(Socket listener, byte[] b)
            {
                [|using|] (var s = listener.Accept())
                {
                    if (s.Receive(b) == 1)
                    {
                        return;
                    }

                    s.Shutdown(SocketShutdown.Both);
                }
            }
        }
        """);

    [Fact]
    public Task NoFix_CloseWithATimeout() => VerifyNoFix(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Receive(b);
                [|s.Close(5)|];
            }
        }
        """);

    [Fact]
    public Task FixAll_ExplicitClosesAndUsings() => new Verify.Test
    {
        TestCode = Usings + """
        class Server
        {
            void A(Socket s, byte[] b)
            {
                s.Receive(b);
                [|s.Close()|];
            }

            void B(Socket listener, Socket other, byte[] b)
            {
                [|using|] var first = listener.Accept();
                [|using|] var second = other.Accept();
                first.Receive(b);
                second.Receive(b);
            }
        }
        """,
        FixedCode = Usings + $$"""
        class Server
        {
            void A(Socket s, byte[] b)
            {
                s.Receive(b);
        {{NormalEnd("s", "        ")}}
            }

            void B(Socket listener, Socket other, byte[] b)
            {
                using var first = listener.Accept();
                using var second = other.Accept();
                first.Receive(b);
                second.Receive(b);
        {{NormalEnd("first", "        ")}}

        {{NormalEnd("second", "        ")}}
            }
        }
        """,
        // FixAll takes two passes here; the official harness allows one by default (the hand-written verifier allowed
        // up to one per diagnostic, three here).
        NumberOfFixAllIterations = 2,
    }.RunAsync();
}
