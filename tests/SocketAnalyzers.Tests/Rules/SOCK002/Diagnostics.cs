using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK002;

/// <summary>SOCK002 reports these.</summary>
public sealed class Diagnostics : ConflatedPeerGoneCodes
{
    [Fact]
    public Task FilterNamingOnlyConnectionResetAroundASendIsReportedWithBothCodes() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:e.SocketErrorCode == {|#1:SocketError.ConnectionReset|}|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("ConnectionReset", "Shutdown"));

    [Fact]
    public Task FilterNamingOnlyShutdownIsReportedWithTheResetAsItsTwin() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:{|#1:SocketError.Shutdown|} == e.SocketErrorCode|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("Shutdown", "ConnectionReset"));

    [Fact]
    public Task ResetWithAbortedInAnOrPatternStillMissesTheBrokenPipe() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted|]) { }
            """));

    [Fact]
    public Task ResetAndAbortedComparedSeparatelyReportOnlyTheResetComparison() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|] || e.SocketErrorCode == SocketError.ConnectionAborted) { }
            """));

    [Fact]
    public Task IfInsideTheCatch() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { return; }
                throw;
            }
            """));

    [Fact]
    public Task NegatedCheckThatRethrowsEverythingElse() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
            }
            """));

    [Fact]
    public Task SwitchStatementCaseLabel() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    [|case SocketError.ConnectionReset:|]
                        return;
                    case SocketError.TimedOut:
                        break;
                    default:
                        throw;
                }
            }
            """));

    [Fact]
    public Task SwitchExpressionArm() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var gone = e.SocketErrorCode switch
                {
                    [|SocketError.ConnectionReset|] => true,
                    _ => false,
                };
                if (!gone) { throw; }
            }
            """));

    [Fact]
    public Task PropertyPatternOnTheCaughtException() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
            """));

    [Fact]
    public Task InnerExceptionOfAnIOExceptionFromAStreamWrite() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
            """));

    [Fact]
    public Task InnerExceptionReadWithAsAndConditionalAccess() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown|]) { }
            """));

    [Fact]
    public Task InnerExceptionThroughAPatternVariable() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException se && [|se.SocketErrorCode == SocketError.ConnectionReset|]) { }
            """));

    [Fact]
    public Task CodeCopiedToALocalFirst() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var code = e.SocketErrorCode;
                if ([|code == SocketError.ConnectionReset|]) { return; }
                throw;
            }
            """));

    [Fact]
    public Task EqualsCall() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode.Equals(SocketError.ConnectionReset)|]) { }
            """));

    [Fact]
    public Task FilterAndBodyOfOneHandlerAreEachReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|])
            {
                if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("reset"); }
            }
            """));

    [Fact]
    public Task WriteThroughASessionMethodOfTheProject() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Session
            {
                private readonly Socket socket;
                public Session(Socket socket) { this.socket = socket; }
                public void Deliver(byte[] data) => socket.Send(data);
            }

            class Server
            {
                void Broadcast(Session session, byte[] data)
                {
                    try { session.Deliver(data); }
                    catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                }
            }
            """);

    [Fact]
    public Task AsyncWriteWithAStreamWriterOverAClientStream() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                async Task Reply(TcpClient client, string line)
                {
                    var writer = new StreamWriter(client.GetStream());
                    try { await writer.WriteLineAsync(line); await writer.FlushAsync(); }
                    catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.Shutdown|] }) { }
                }
            }
            """);

    [Fact]
    public Task SendCompletionHandlerNamedForTheSend() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void ProcessSend(SocketAsyncEventArgs e)
                {
                    if ([|e.SocketError == SocketError.ConnectionReset|]) { Close(e); return; }
                }

                void Close(SocketAsyncEventArgs e) { }
            }
            """);

    [Fact]
    public Task LambdaSubscribedToTheArgsOfASendAsync() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void Start(Socket s, byte[] b)
                {
                    var args = new SocketAsyncEventArgs();
                    args.SetBuffer(b, 0, b.Length);
                    args.Completed += (sender, e) =>
                    {
                        if ([|e.SocketError == SocketError.Shutdown|]) { s.Close(); }
                    };
                    s.SendAsync(args);
                }
            }
            """);

    [Fact]
    public Task LastOperationSendGuardInASharedCompletionHandler() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.LastOperation == SocketAsyncOperation.Send && [|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    switch (e.LastOperation)
                    {
                        case SocketAsyncOperation.Receive:
                            if (e.SocketError == SocketError.ConnectionReset) { return; }
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task LastOperationSwitchCaseSend() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    switch (e.LastOperation)
                    {
                        case SocketAsyncOperation.Send:
                            if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                            break;
                    }
                }
            }
            """);

    [Fact]
    public Task HelperWhoseOwnSetNamesTheResetButNotShutdownIsReportedWithoutCallers() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsIgnorable(SocketException e) =>
                    [|e.SocketErrorCode == SocketError.ConnectionReset|] || e.SocketErrorCode == SocketError.ConnectionAborted;
            }
            """);

    [Fact]
    public Task HelperTakingExceptionWithASwitch() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsResumeAllowed(Exception e)
                {
                    if (e is SocketException se)
                    {
                        switch (se.SocketErrorCode)
                        {
                            [|case SocketError.ConnectionReset:|]
                            case SocketError.ConnectionAborted:
                                return true;
                        }
                    }

                    return false;
                }
            }
            """);

    [Fact]
    public Task ShutdownOnlyHelperIsJudgedByACallerAroundAWrite() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];
            }

            class Server
            {
                void Send(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode)) { }
                }
            }
            """);

    [Fact]
    public Task HelperCalledThroughAnotherHelperAroundAWrite() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];

                public static bool IsIgnorable(Exception e) => e is SocketException se && IsBrokenPipe(se.SocketErrorCode);
            }

            class Server
            {
                void Send(NetworkStream ns, byte[] b)
                {
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException e) when (Disconnects.IsIgnorable(e.InnerException)) { }
                }
            }
            """);

    [Fact]
    public Task HelperNamedInASendCompletionHandler() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => [|code == SocketError.Shutdown|];
            }

            class Server
            {
                void ProcessSend(SocketAsyncEventArgs e)
                {
                    if (Disconnects.IsBrokenPipe(e.SocketError)) { return; }
                }
            }
            """);

    [Fact]
    public Task HelperInAnotherFileJudgedByItsCaller() =>
        new Verify.Test
        {
            TestCode = Usings + """
                static class Disconnects
                {
                    public static bool IsBrokenPipe(this SocketException e) => [|e.SocketErrorCode is SocketError.Shutdown|];
                }
                """,
            TestState =
            {
                Sources =
                {
                    Usings + """
                        class Server
                        {
                            void Send(Socket s, byte[] b)
                            {
                                try { s.Send(b); }
                                catch (SocketException e) when (e.IsBrokenPipe()) { }
                            }
                        }
                        """,
                },
            },
        }.RunAsync();

    [Fact]
    public Task CatchInsideALambdaAndAWebSocketSend() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                Task Pump(Socket s, System.Net.WebSockets.WebSocket ws, byte[] b) => Task.Run(async () =>
                {
                    try { s.Send(b); }
                    catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                    try { await ws.SendAsync(new ArraySegment<byte>(b), System.Net.WebSockets.WebSocketMessageType.Binary, true, default); }
                    catch (System.Net.WebSockets.WebSocketException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                });
            }
            """);

    [Fact]
    public Task SocketExceptionClauseBesideAnIOExceptionClauseIsJudged() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); ns.Write(b, 0, b.Length); }
            catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
            catch (IOException) { }
            """));
}
