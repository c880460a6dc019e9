using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.CloseWithoutShutdownAnalyzer,
    SocketAnalyzers.CodeFixes.CloseWithoutShutdownCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK008;

/// <summary>The false-alarm classes SOCK008 made on real code (issue 17), each as its smallest shape.</summary>
public sealed class RealCodeNegatives : CloseWithoutShutdown
{
    /// <summary>Drain after shutdown: a read after <c>Shutdown(Send)</c>, through a helper, does not re-arm the rule.</summary>
    [Fact]
    public Task DrainThroughAHelperAfterShutdownSend() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Finish(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Send);
                Drain(s, b);
                s.Close();
            }

            void FinishInline(Socket s, byte[] b)
            {
                s.Receive(b);
                s.Shutdown(SocketShutdown.Both);
                s.Receive(b);
                s.Close();
            }

            private static void Drain(Socket s, byte[] b)
            {
                s.ReceiveTimeout = 1000;
                try
                {
                    while (s.Receive(b) > 0) { }
                }
                catch (SocketException) { }
            }
        }
        """);

    /// <summary><c>finally { try { s.Shutdown(Both); } catch (SocketException) { } s.Close(); }</c>: shut down, then closed on every path.</summary>
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
}
