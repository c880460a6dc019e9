using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK008;

/// <summary>Code that looks like SOCK008 and is right: no diagnostic.</summary>
public sealed class Valid : CloseWithoutShutdown
{
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
}
