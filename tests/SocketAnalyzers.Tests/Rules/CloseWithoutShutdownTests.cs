using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules;

public class CloseWithoutShutdownTests
{
    private const string Usings = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Text;
        using System.Threading;
        using System.Threading.Tasks;

        """;

    /// <summary>The normal-end sequence for a socket named <paramref name="name"/>, as the fix leaves it, at <paramref name="indent"/>.</summary>
    private static string NormalEnd(string name, string indent) =>
        string.Join("\n", new[]
        {
            "try",
            "{",
            $"    {name}.Shutdown(SocketShutdown.Both);",
            "}",
            "catch (SocketException)",
            "{",
            "    // The peer reset the connection already: nothing is left to shut down.",
            "}",
            "catch (ObjectDisposedException)",
            "{",
            "    // Closed already: through a wrapper that owned it, or by an earlier close.",
            "}",
            "finally",
            "{",
            $"    {name}.Close();",
            "}",
        }.Select(line => indent + line));

    // Reported.

    [Fact]
    public Task ReceiveThenClose() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Send(b);
                {|#0:s.Close()|};
            }
        }
        """,
        Verify.Diagnostic().WithLocation(0).WithArguments("s"));

    [Fact]
    public Task EveryKindOfReadAndClose() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            async Task ReceiveAsyncThenDispose(Socket s, byte[] b)
            {
                await s.ReceiveAsync(new ArraySegment<byte>(b), SocketFlags.None);
                [|s.Dispose()|];
            }

            void StreamReadThenSocketClose(Socket s, byte[] b)
            {
                var ns = new NetworkStream(s);
                ns.Read(b, 0, b.Length);
                [|s.Close()|];
            }

            void ReaderThenSocketClose(Socket s)
            {
                var reader = new StreamReader(new NetworkStream(s));
                reader.ReadLine();
                [|s.Close()|];
            }

            void ClientStreamReadThenItsSocketClosed(TcpClient client, byte[] b)
            {
                client.GetStream().Read(b, 0, b.Length);
                [|client.Client.Close()|];
            }

            void ShutdownReceiveDoesNotSendFin(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Receive);
                [|s.Close()|];
            }

            void OnlyOnePathShutsDown(Socket s, byte[] b, bool polite)
            {
                s.Receive(b);
                if (polite)
                {
                    s.Shutdown(SocketShutdown.Send);
                }

                [|s.Close()|];
            }
        }
        """);

    [Fact]
    public Task UsingEndIsReportedAtTheUsingKeyword() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Statement(Socket listener, byte[] b)
            {
                [|using|] (var s = listener.Accept())
                {
                    s.Receive(b);
                    s.Send(b);
                }
            }

            void Declaration(Socket listener, byte[] b)
            {
                [|using|] var s = listener.Accept();
                s.Receive(b);
                s.Send(b);
            }
        }
        """);

    [Fact]
    public Task CatchOfAnotherErrorIsAnOrdinaryPath() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Handle(Socket s, byte[] b)
            {
                try
                {
                    s.Receive(b);
                    int.Parse(Encoding.ASCII.GetString(b));
                }
                catch (FormatException)
                {
                    s.Send(Encoding.ASCII.GetBytes("bad request"));
                    [|s.Close()|];
                    return;
                }

                s.Shutdown(SocketShutdown.Both);
                s.Close();
            }
        }
        """);

    // Not reported.

    [Fact]
    public Task ShutdownFirst() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Both(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Both);
                s.Close();
            }

            void Send(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Send);
                s.Dispose();
            }

            void InTryCatch(Socket s, byte[] b)
            {
                s.Receive(b);
                try { s.Shutdown(SocketShutdown.Both); } catch (SocketException) { }
                s.Close();
            }

            void GuardedByConnected(Socket s, byte[] b)
            {
                s.Receive(b);
                if (s.Connected) s.Shutdown(SocketShutdown.Both);
                s.Close();
            }

            void TheCanonicalSequence(Socket s, byte[] b)
            {
                s.Receive(b);
                try
                {
                    s.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
                catch (ObjectDisposedException)
                {
                }
                finally
                {
                    s.Close();
                }
            }
        }
        """);

    [Fact]
    public Task EndOfStreamSeenMakesItSafe() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void WhileGreaterThanZero(Socket s, byte[] b)
            {
                while (s.Receive(b) > 0) { }
                s.Close();
            }

            void AssignedInTheCondition(Socket s, byte[] b)
            {
                int n;
                while ((n = s.Receive(b)) != 0) { Console.WriteLine(n); }
                s.Close();
            }

            void BreakOnZero(Socket s, byte[] b)
            {
                while (true)
                {
                    var n = s.Receive(b);
                    if (n == 0) break;
                }

                s.Close();
            }

            void StreamReadUntilZero(Socket s, byte[] b)
            {
                var ns = new NetworkStream(s);
                while (ns.Read(b, 0, b.Length) > 0) { }
                s.Close();
            }
        }
        """);

    [Fact]
    public Task AfterAConnectionErrorTheCloseIsExempt() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void InsideTheCatch(Socket s, byte[] b)
            {
                try
                {
                    s.Receive(b);
                }
                catch (SocketException)
                {
                    s.Close();
                    return;
                }

                s.Shutdown(SocketShutdown.Both);
                s.Close();
            }

            void RightAfterTheCatch(Socket s, byte[] b)
            {
                try
                {
                    s.Receive(b);
                    s.Send(b);
                    s.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }

                s.Close();
            }
        }
        """);

    [Fact]
    public Task ClosesThatAreNotAbortive() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void NoRead(Socket s, byte[] b)
            {
                s.Send(b);
                s.Close();
            }

            // TcpClient.Close/Dispose and an owning NetworkStream's Dispose call Shutdown(Both) themselves.
            void TcpClientShutsDownItself(TcpClient client, byte[] b)
            {
                client.GetStream().Read(b, 0, b.Length);
                client.Close();
            }

            void TcpClientUsing(TcpListener listener, byte[] b)
            {
                using (var client = listener.AcceptTcpClient())
                {
                    client.GetStream().Read(b, 0, b.Length);
                }
            }

            void OwningStream(Socket s, byte[] b)
            {
                var ns = new NetworkStream(s, ownsSocket: true);
                ns.Read(b, 0, b.Length);
                ns.Dispose();
            }

            // A close reached only by an exception that leaves the method: the method failed, a reset says so.
            void UsingLeftByAnException(Socket listener, byte[] b)
            {
                using (var s = listener.Accept())
                {
                    s.Receive(b);
                    int.Parse(Encoding.ASCII.GetString(b));
                    s.Shutdown(SocketShutdown.Both);
                }
            }

            void FinallyReachedByAnException(Socket s, byte[] b)
            {
                try
                {
                    s.Receive(b);
                    int.Parse(Encoding.ASCII.GetString(b));
                    s.Shutdown(SocketShutdown.Both);
                }
                finally
                {
                    s.Close();
                }
            }

            void Parameter(Socket s) { s.Close(); }
        }
        """);

    [Fact]
    public Task SeverityCanBeRaised() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket s, byte[] b)
                {
                    s.Receive(b);
                    {|#0:s.Close()|};
                }
            }
            """,
        ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("s").WithSeverity(Microsoft.CodeAnalysis.DiagnosticSeverity.Warning) },
        EditorConfig = "root = true\n\n[*.cs]\ndotnet_diagnostic.SOCK008.severity = warning\n",
    }.RunAsync();

    [Fact]
    public Task CSharp73OnNetStandard20() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void Handle(Socket listener, byte[] b)
                {
                    [|using|] (var s = listener.Accept())
                    {
                        s.Receive(b);
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
                void Handle(Socket s, byte[] b)
                {
                    s.Receive(b);
                    s.Nope();
                    missing.Close();
                    s.Close(
                }

                void Other(Unknown u, byte[] b)
                {
                    u.Receive(b);
                    u.Close();
                }
            }
            """,
        CompilerDiagnostics = CompilerDiagnostics.None,
        AllowCompilerErrors = true,
    }.RunAsync();

    // The fix.

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

    private static Task VerifyNoFix(string source) => new Verify.Test
    {
        TestCode = source,
        FixedCode = source,
        NumberOfIncrementalIterations = 0,
        NumberOfFixAllIterations = 0,
    }.RunAsync();
}
