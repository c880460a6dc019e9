using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK002;

/// <summary>Code that looks like SOCK002 and is right: no diagnostic.</summary>
public sealed class Valid : ConflatedPeerGoneCodes
{
    [Fact]
    public Task AsyncArgsChecksOffTheSendPathAreNotJudged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void ProcessReceive(SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void OnCompleted(object sender, SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                    if (e.LastOperation == SocketAsyncOperation.Receive && e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void ProcessSendAll(SocketAsyncEventArgs e)
                {
                    if (e.LastOperation != SocketAsyncOperation.Receive) { return; }
                    if (e.SocketError == SocketError.ConnectionReset) { return; }
                }

                void ProcessSendResult(SocketAsyncEventArgs e)
                {
                    if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                }
            }
            """);

    [Fact]
    public Task LambdaOnArgsThatAlsoReceiveIsNotJudgedWithoutAGuard() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Server
            {
                void Start(Socket s, byte[] b)
                {
                    var args = new SocketAsyncEventArgs();
                    args.Completed += (sender, e) =>
                    {
                        if (e.SocketError == SocketError.ConnectionReset) { s.Close(); }
                    };
                    s.SendAsync(args);
                    s.ReceiveAsync(args);
                }
            }
            """);

    [Fact]
    public Task ShutdownOnlyHelperUsedOnlyAroundReadsOrCompletedByTheCallerIsNotReported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsBrokenPipe(SocketError code) => code == SocketError.Shutdown;
                public static bool IsUnused(SocketException e) => e.SocketErrorCode == SocketError.Shutdown;
            }

            class Server
            {
                void Read(Socket s, byte[] b)
                {
                    try { s.Receive(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode)) { }
                }

                void Write(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsBrokenPipe(e.SocketErrorCode) || e.SocketErrorCode == SocketError.ConnectionReset) { }
                }
            }
            """);

    [Fact]
    public Task CatchCompletedByAHelperIsNotReported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Disconnects
            {
                public static bool IsGone(SocketException e) =>
                    e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown;
            }

            class Server
            {
                void Write(Socket s, byte[] b)
                {
                    try { s.Send(b); }
                    catch (SocketException e) when (Disconnects.IsGone(e) || e.SocketErrorCode == SocketError.ConnectionAborted) { }
                    try { s.Send(b); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown || Disconnects.IsGone(e)) { }
                }
            }
            """);

    [Fact]
    public Task ResetFilterAroundAReadOnlyTryIsRight() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Receive(b); ns.Read(b, 0, b.Length); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
            try { ns.Read(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { }
            """));

    [Theory]
    [InlineData("e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown")]
    [InlineData("e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset or SocketError.ConnectionAborted")]
    [InlineData("e.SocketErrorCode != SocketError.ConnectionReset && e.SocketErrorCode != SocketError.Shutdown")]
    [InlineData("e is { SocketErrorCode: SocketError.ConnectionReset } || e.SocketErrorCode == SocketError.Shutdown")]
    public Task ChecksNamingBothCodesAreRight(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Fact]
    public Task TwinHandledInItsOwnClauseOfTheSameTry() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown) { return; }
            """));

    [Fact]
    public Task TwinNamedInASwitchSectionOfItsOwn() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                switch (e.SocketErrorCode)
                {
                    case SocketError.ConnectionReset: return;
                    case SocketError.Shutdown: Console.WriteLine("pipe"); return;
                    default: throw;
                }
            }
            """));

    [Theory]
    [InlineData("e.SocketErrorCode == SocketError.TimedOut")]
    [InlineData("e.SocketErrorCode is SocketError.WouldBlock or SocketError.Interrupted")]
    [InlineData("e.SocketErrorCode == SocketError.ConnectionAborted")]
    [InlineData("e.SocketErrorCode != SocketError.Success")]
    public Task UnrelatedCodesAndTheLocalAbortAloneAreNotReported(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Theory]
    [InlineData("e.ErrorCode == 10054")]
    [InlineData("e.NativeErrorCode == 104 || e.NativeErrorCode == 32")]
    [InlineData("(SocketError)e.ErrorCode == SocketError.ConnectionReset")]
    [InlineData("e.Message.Contains(\"Connection reset\")")]
    public Task ChecksByNativeNumberOrTextAreLeftToSOCK003(string filter) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ({{filter}}) { }
            """));

    [Fact]
    public Task ACatchSOCK004ReportsGetsNoSOCK002() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
            """));

    [Fact]
    public Task UdpSocketsAreNotJudged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Probe
            {
                private readonly Socket datagrams = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                private readonly Socket other;

                public Probe() { other = new Socket(SocketType.Dgram, ProtocolType.Udp); }

                void Ping(EndPoint target, byte[] b, UdpClient client)
                {
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    try { udp.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { client.Send(b, b.Length); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { client.Client.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                    try { datagrams.SendTo(b, target); other.SendTo(b, target); }
                    catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                }
            }
            """);

    [Fact]
    public Task WritesToFilesAndMemoryAreNotConnections() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Log
            {
                void Append(byte[] b, string path)
                {
                    var memory = new MemoryStream();
                    using var file = File.OpenWrite(path);
                    try { memory.Write(b, 0, b.Length); file.Write(b, 0, b.Length); }
                    catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { }
                }
            }
            """);

    [Fact]
    public Task ACheckOnAnotherExceptionIsNotTheHandler() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            var earlier = new SocketException((int)SocketError.ConnectionReset);
            try { s.Send(b); }
            catch (SocketException) when (earlier.SocketErrorCode == SocketError.ConnectionReset) { }
            """));

    [Fact]
    public Task UnknownMemberInTheCheckIsSilent() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.{|CS0117:Bogus|}) { }
                catch (SocketException e) when (e.{|CS1061:Code|} == SocketError.ConnectionReset) { }
                """),
        }.RunAsync();

    [Fact]
    public Task UnresolvedWritesAndCatchTypesAreSilent() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { {|CS0103:conn|}.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                try { s.Send(b); }
                catch ({|CS0246:SockException|} e) when (e.SocketErrorCode == SocketError.ConnectionReset) { }
                """),
        }.RunAsync();

    [Fact]
    public Task HalfTypedCodeDoesNotThrow() =>
        new Verify.Test
        {
            TestCode = Usings + """
                static class Disconnects
                {
                    public static bool IsGone(SocketException e) => e.SocketErrorCode == SocketError.;
                    public static bool IsPipe(SocketException e) => e.SocketErrorCode switch { SocketError. => true, _ => false };
                    public static bool NoBody(SocketException e);

                    static void Send(Socket s, byte[] b)
                    {
                        try { s.Send(b) }
                        catch (SocketException e) when (e.SocketErrorCode == ) { }
                        catch (SocketException e) when (IsGone(e, 1)) { }
                        catch (SocketException e) when (NoBody(e)) { }
                    }
                }
                """,
            AllowCompilerErrors = true,
        }.RunAsync();
}
