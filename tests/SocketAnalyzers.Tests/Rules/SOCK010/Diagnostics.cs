using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.AcceptSocketAfterFailedAcceptAnalyzer,
    SocketAnalyzers.CodeFixes.AcceptSocketAfterFailedAcceptCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK010;

/// <summary>AcceptSocket used where the accept failed: reported at the dereference.</summary>
public sealed class Diagnostics : AcceptSocketAfterFailedAccept
{
    [Fact]
    public Task CloseInTheElseOfASuccessTest() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.Success)
                {
                    Console.WriteLine(e.AcceptSocket.RemoteEndPoint);
                }
                else
                {
                    [|e.AcceptSocket|].Close();
                }
            }
        """));

    [Fact]
    public Task CloseInTheFailureBranchThenReturn() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    [|e.AcceptSocket|].Shutdown(SocketShutdown.Both);
                    [|e.AcceptSocket|].Dispose();
                    return;
                }

                Console.WriteLine(e.AcceptSocket.RemoteEndPoint);
            }
        """));

    [Fact]
    public Task FailureTestThatFallsThrough() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    Console.WriteLine("accept failed: " + e.SocketError);
                }

                [|e.AcceptSocket|].NoDelay = true;
            }
        """));

    [Fact]
    public Task LocalCopyDereferencedInTheFailureBranch() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                Socket accepted = e.AcceptSocket;
                if (e.SocketError is not SocketError.Success)
                {
                    [|accepted|].Close();
                    StartAccept(e);
                    return;
                }

                accepted.NoDelay = true;
            }
        """));

    [Fact]
    public Task SwitchCaseOfAFailureCode() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                switch (e.SocketError)
                {
                    case SocketError.Success:
                        Console.WriteLine(e.AcceptSocket.RemoteEndPoint);
                        break;
                    case SocketError.OperationAborted:
                    case SocketError.TooManyOpenSockets:
                        [|e.AcceptSocket|].Close();
                        break;
                }
            }
        """));

    /// <summary>The MSDN sample's shape: the completion and the synchronous path both go to ProcessAccept, and nobody tests.</summary>
    [Fact]
    public Task CompletionThatTestsNothingAndCallersThatTestNothing() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            private Socket _listener;

            void StartAccept(SocketAsyncEventArgs acceptEventArg)
            {
                if (acceptEventArg == null)
                {
                    acceptEventArg = new SocketAsyncEventArgs();
                    acceptEventArg.Completed += AcceptEventArg_Completed;
                }
                else
                {
                    acceptEventArg.AcceptSocket = null;
                }

                if (!_listener.AcceptAsync(acceptEventArg))
                {
                    ProcessAccept(acceptEventArg);
                }
            }

            void AcceptEventArg_Completed(object sender, SocketAsyncEventArgs e) => ProcessAccept(e);

            private void ProcessAccept(SocketAsyncEventArgs e)
            {
                var readEventArgs = new SocketAsyncEventArgs();
                readEventArgs.UserToken = e.AcceptSocket;
                bool willRaiseEvent = [|e.AcceptSocket|].ReceiveAsync(readEventArgs);
                StartAccept(e);
            }
        }
        """);

    [Fact]
    public Task LambdaSubscribedToAnAcceptOnlyArgsThatTestsNothing() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void Start(Socket listener)
            {
                var args = new SocketAsyncEventArgs();
                args.Completed += (sender, e) =>
                {
                    [|e.AcceptSocket|].NoDelay = true;
                    e.AcceptSocket = null;
                    listener.AcceptAsync(e);
                };
                listener.AcceptAsync(args);
            }
        }
        """);

    [Fact]
    public Task LastOperationAcceptGuardInAGeneralCompletion() => Verify.VerifyAnalyzerAsync(Usings + """
        class Server
        {
            void IO_Completed(object sender, SocketAsyncEventArgs e)
            {
                if (e.LastOperation == SocketAsyncOperation.Accept)
                {
                    if (e.SocketError != SocketError.Success)
                    {
                        [|e.AcceptSocket|].Close();
                    }
                }
            }
        }
        """);

    [Fact]
    public Task PassedInTheFailureBranchToAMethodThatDereferencesIt() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    CloseQuietly([|e.AcceptSocket|]);
                    return;
                }
            }

            static void CloseQuietly(Socket socket)
            {
                socket.Shutdown(SocketShutdown.Both);
                socket.Close();
            }
        """));

    [Fact]
    public Task MessageNamesTheUse() => Verify.VerifyAnalyzerAsync(Listener("""
            void OnAcceptCompleted(object sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError == SocketError.Success) { return; }
                {|#0:e.AcceptSocket|}.Close();
            }
        """), Verify.Diagnostic().WithLocation(0).WithArguments("e.AcceptSocket"));

    /// <summary>The null-forgiving operator silences the compiler's nullable warning, not the NullReferenceException.</summary>
    [Fact]
    public Task NullForgivingOperatorIsNoTest() => Verify.VerifyAnalyzerAsync("#nullable enable\n" + Listener("""
            void OnAcceptCompleted(object? sender, SocketAsyncEventArgs e)
            {
                if (e.SocketError != SocketError.Success)
                {
                    [|e.AcceptSocket|]!.Close();
                    return;
                }
            }
        """));
}
