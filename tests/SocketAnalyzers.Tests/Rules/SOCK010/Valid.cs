using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.AcceptSocketAfterFailedAcceptAnalyzer,
    SocketAnalyzers.CodeFixes.AcceptSocketAfterFailedAcceptCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK010;

/// <summary>Code that looks like SOCK010 and is right, and half-typed code: no diagnostic.</summary>
public sealed class Valid : AcceptSocketAfterFailedAccept
{
    [Fact]
    public Task UsesAfterASuccessTest() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    Console.WriteLine("accept failed: " + e.SocketError);
                    return;
                }

                e.AcceptSocket.NoDelay = true;
                var s = e.AcceptSocket;
                s.Send(new byte[] { 1 });
                var ok = e.SocketError == SocketError.Success && e.AcceptSocket.Connected;
                var text = e.SocketError != SocketError.Success ? "failed" : e.AcceptSocket.RemoteEndPoint.ToString();
            }
        """));

    [Fact]
    public Task NullTestedUses() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket?.Close();
                    if (e.AcceptSocket != null)
                    {
                        e.AcceptSocket.Dispose();
                    }

                    return;
                }
            }

            void Other(SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success && e.AcceptSocket is not null)
                {
                    e.AcceptSocket.Close();
                }
            }
        """));

    /// <summary>A receive completion that keeps the connection in AcceptSocket (set by the code itself) is no accept.</summary>
    [Fact]
    public Task AcceptSocketOfAReceiveCompletion() => Verify.VerifyAnalyzerAsync(Usings + """
        class Session
        {
            void ProcessReceive(SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success || e.BytesTransferred == 0)
                {
                    e.AcceptSocket.Shutdown(SocketShutdown.Both);
                    e.AcceptSocket.Close();
                }
            }

            void IO_Completed(object sender, SocketAsyncEventArgs e)
            {
                if (e.LastOperation == SocketAsyncOperation.Receive && e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket.Close();
                }
            }

            void Start(Socket connection)
            {
                var args = new SocketAsyncEventArgs();
                args.AcceptSocket = connection;
                args.Completed += (s, a) => { a.AcceptSocket.Close(); };
                connection.ReceiveAsync(args);
            }
        }
        """);

    /// <summary>The caller tested SocketError before handing the args over; ProcessAccept itself tests nothing.</summary>
    [Fact]
    public Task HelperCalledOnlyAfterATest() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            private Socket _listener;

            void OnCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.Success)
                {
                    ProcessAccept(e);
                }
            }

            private void ProcessAccept(SocketAsyncEventArgs e)
            {
                e.AcceptSocket.NoDelay = true;
            }

            public void HandleAccept(SocketAsyncEventArgs e)
            {
                e.AcceptSocket.NoDelay = true;
            }
        }
        """);

    [Fact]
    public Task AssignedOrCaughtOrPassedToUnknownCode() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    try
                    {
                        e.AcceptSocket.Close();
                    }
                    catch (Exception)
                    {
                    }

                    Console.WriteLine(e.AcceptSocket);
                    Forget(e.AcceptSocket);
                    return;
                }
            }

            void AcceptLoop(SocketAsyncEventArgs e)
            {
                e.AcceptSocket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                if (e.SocketError != SocketError.Success)
                {
                    e.AcceptSocket.Close();
                }
            }

            static void Forget(Socket socket)
            {
                if (socket == null) return;
                socket.Close();
            }
        """));

    /// <summary>A completion that tests nothing, but is public: its callers are unknown.</summary>
    [Fact]
    public Task UncheckedPublicCompletionAndUnsubscribedLambda() => Verify.VerifyAnalyzerAsync(Usings + """
        public class Server
        {
            public void ProcessAccept(SocketAsyncEventArgs e)
            {
                e.AcceptSocket.NoDelay = true;
            }

            void Run(Action<Action<SocketAsyncEventArgs>> register)
            {
                register(e => e.AcceptSocket.Close());
            }
        }
        """);

    [Fact]
    public Task HalfTypedCode() => new Verify.Test
    {
        TestCode = Usings + """
            class Server
            {
                void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError != SocketError.)
                    {
                        e.AcceptSocket.
                    }

                    if (e.SocketError != SocketError.Success)
                    {
                        e.AcceptSocket.Close(
                        Unknown(e.AcceptSocket);
                        e.Missing.AcceptSocket.Close();
                    }
                }
            }
            """,
        AllowCompilerErrors = true,
    }.RunAsync();

    /// <summary>Shapes of the corpus: a conditional in the subscription, a success test before a copy, an accept wrapper that passes the socket on.</summary>
    [Fact]
    public Task RealCodeShapesThatTestFirst() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Listen(Socket socket)
            {
                var args = new SocketAsyncEventArgs();
                args.Completed += (s, a) => Complete(a, a.SocketError == SocketError.Success ? a.AcceptSocket : null);
                socket.AcceptAsync(args);
            }

            static void Complete(SocketAsyncEventArgs args, Socket result) { }

            static void AcceptAsync(Socket socket, SocketAsyncEventArgs args)
            {
                if (!socket.AcceptAsync(args))
                {
                    Complete(args, args.AcceptSocket);
                }
            }

            void OnAccepted(SocketAsyncEventArgs e)
            {
                if (e.LastOperation == SocketAsyncOperation.Accept && e.SocketError == SocketError.Success && e.AcceptSocket != null)
                {
                    var socket = e.AcceptSocket;
                    socket.NoDelay = true;
                }

                e.AcceptSocket = null;
            }

            static void ProcessAccept(SocketAsyncEventArgs args)
            {
                Socket accepted = null;
                if (args.SocketError == SocketError.Success)
                {
                    accepted = args.AcceptSocket;
                }

                if (accepted == null)
                {
                    return;
                }

                accepted.Dispose();
            }
        }
        """);
}
