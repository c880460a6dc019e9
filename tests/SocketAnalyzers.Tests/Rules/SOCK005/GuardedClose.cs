using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyGuarded = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer,
    SocketAnalyzers.CodeFixes.ConnectionNotClosedGuardedCloseCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK005;

/// <summary>
/// SOCK005's guarded close: <c>if (client.Connected) client.Close();</c> skips the close after a reset, a failed
/// connect or the peer's close (s7netplus' <c>Plc.Close</c>, TouchSocket's <c>SafeClose</c>), and its fix.
/// </summary>
public sealed class GuardedClose : ConnectionNotClosed
{
    private static DiagnosticResult Skipped(int location, string close) =>
        new DiagnosticResult(SocketAnalyzers.Rules.ConnectionNotClosedAnalyzer.GuardedCloseRule).WithLocation(location).WithArguments(close);

    [Fact]
    public Task CloseOfAFieldSkippedWhenNotConnected() => VerifyGuarded.VerifyCodeFixAsync(Usings + """
        class Plc
        {
            private TcpClient? _client;

            public void Open(string host)
            {
                _client = new TcpClient();
                _client.Connect(host, 102);
            }

            public void Close()
            {
                if (_client != null)
                {
                    if (_client.Connected) {|#0:_client.Close()|};
                    _client = null;
                }
            }
        }
        """, Skipped(0, "_client.Close()"), Usings + """
        class Plc
        {
            private TcpClient? _client;

            public void Open(string host)
            {
                _client = new TcpClient();
                _client.Connect(host, 102);
            }

            public void Close()
            {
                if (_client != null)
                {
                    _client.Close();
                    _client = null;
                }
            }
        }
        """);

    [Fact]
    public Task SafeCloseOfAParameterInABlockAndAConjunction() => VerifyGuarded.VerifyCodeFixAsync(Usings + """
        static class SocketExtensions
        {
            public static bool SafeClose(this Socket socket)
            {
                try
                {
                    if (socket.Connected)
                    {
                        {|#0:socket.Close()|};
                    }

                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }

            public static void Stop(Socket socket, bool stopping)
            {
                if (stopping && socket.Connected)
                    {|#1:socket.Dispose()|};
            }
        }
        """, new[] { Skipped(0, "socket.Close()"), Skipped(1, "socket.Dispose()") }, Usings + """
        static class SocketExtensions
        {
            public static bool SafeClose(this Socket socket)
            {
                try
                {
                    socket.Close();

                    return true;
                }
                catch (Exception)
                {
                    return false;
                }
            }

            public static void Stop(Socket socket, bool stopping)
            {
                if (stopping)
                    socket.Dispose();
            }
        }
        """);

    /// <summary>A shutdown may stay under the test (it throws when not connected); the close moves after it.</summary>
    [Fact]
    public Task ShutdownStaysGuardedTheCloseMovesOut() => VerifyGuarded.VerifyCodeFixAsync(Usings + """
        class Session
        {
            public static void End(Socket socket)
            {
                if (socket.Connected)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    {|#0:socket.Close()|};
                }
            }
        }
        """, Skipped(0, "socket.Close()"), Usings + """
        class Session
        {
            public static void End(Socket socket)
            {
                if (socket.Connected)
                {
                    socket.Shutdown(SocketShutdown.Both);
                }

                socket.Close();
            }
        }
        """);

    /// <summary>Closed anyway: after the if, in its else, by the type's Dispose, by a helper given it, or a Disconnect (not a close).</summary>
    [Fact]
    public Task ClosedAnotherWayIsNotReported() => VerifyGuarded.VerifyAnalyzerAsync(Usings + """
        static class Closing
        {
            public static void ShutdownThenClose(Socket socket)
            {
                if (socket.Connected) socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }

            public static void Else(Socket socket)
            {
                if (socket.Connected) socket.Close(); else socket.Dispose();
            }

            public static void Helper(Socket socket)
            {
                if (socket.Connected) socket.Close();
                Release(socket);
            }

            public static void Disconnect(Socket socket)
            {
                if (socket.Connected) socket.Disconnect(false);
                socket.Dispose();
            }

            public static void NotConnectedFirst(TcpClient client)
            {
                if (!client.Connected) return;
                client.Close();
            }

            private static void Release(Socket socket) => socket.Dispose();
        }

        sealed class Holder : IDisposable
        {
            private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

            public void Disconnect()
            {
                if (_socket.Connected) _socket.Close();
            }

            public void Dispose()
            {
                Disconnect();
                _socket.Dispose();
            }
        }
        """);
}
