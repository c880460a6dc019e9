using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<SocketAnalyzers.Rules.WriteAfterShutdownAnalyzer>;

namespace SocketAnalyzers.Tests.Rules.SOCK007;

/// <summary>The false-alarm classes SOCK007 made on real networking libraries (issue 17), each as its smallest shape.</summary>
public sealed class RealCodeNegatives : WriteAfterShutdown
{
    /// <summary>
    /// Work not awaited: <c>Start</c> starts an idle watchdog that, much later, shuts the connection down. That
    /// shutdown is not part of what <c>Start</c> does to its caller, so the sends after it are no writes after Shutdown.
    /// </summary>
    [Fact]
    public Task ShutdownInWorkTheCalleeDoesNotAwait() => Verify.VerifyAnalyzerAsync(Usings + """
        sealed class Session
        {
            private readonly Socket _socket;
            private Task _watchdog;

            public Session(Socket socket) { _socket = socket; }

            public void Start()
            {
                _ = WatchIdleAsync();
            }

            public void StartStored()
            {
                _watchdog = WatchIdleAsync();
            }

            public void StartFireAndForget()
            {
                WatchIdleForever();
            }

            private async Task WatchIdleAsync()
            {
                await Task.Delay(TimeSpan.FromMinutes(5));
                _socket.Shutdown(SocketShutdown.Both);
            }

            private async void WatchIdleForever()
            {
                await Task.Delay(TimeSpan.FromMinutes(5));
                _socket.Shutdown(SocketShutdown.Both);
            }

            public void Send(byte[] b) => _socket.Send(b);

            public void Greet(byte[] b)
            {
                Start();
                _socket.Send(b);
            }
        }

        class Server
        {
            void Handle(Session session, byte[] b)
            {
                session.Start();
                session.Send(b);
                session.StartStored();
                session.Send(b);
                session.StartFireAndForget();
                session.Send(b);
            }
        }
        """);
}
