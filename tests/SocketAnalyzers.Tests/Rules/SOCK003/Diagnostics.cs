using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer,
    SocketAnalyzers.CodeFixes.SocketErrorByTextOrNumberCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK003;

/// <summary>SOCK003 reports these.</summary>
public sealed class Diagnostics : SocketErrorByTextOrNumber
{
    [Fact]
    public Task ErrorCodeComparedWithTheLinuxNumberIsReportedWithItsMeaning() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:{|#1:e|}.ErrorCode == 104|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError.ConnectionReset", "the native number 104", "ECONNRESET on Linux; it differs on other systems"));

    [Theory]
    [InlineData("e.NativeErrorCode != 10054")]
    [InlineData("10053 == e.ErrorCode")]
    [InlineData("e.ErrorCode == 61")]
    [InlineData("e.HResult == unchecked((int)0x80072746)")]
    [InlineData("(uint)e.HResult == 0x80072746")]
    [InlineData("e.ErrorCode.Equals(104)")]
    [InlineData("object.Equals(e.NativeErrorCode, 32)")]
    [InlineData("e.ErrorCode == (int)SocketError.ConnectionReset")]
    [InlineData("e.ErrorCode is 104 or 54 or 10054")]
    [InlineData("e.ErrorCode is not 110")]
    [InlineData("new[] { 104, 54, 10054 }.Contains(e.ErrorCode)")]
    [InlineData("new List<int> { 32, 10058 }.Contains(e.NativeErrorCode)")]
    [InlineData("ResetCodes.Contains(e.ErrorCode)")]
    [InlineData("PipeCodes.Contains(e.ErrorCode)")]
    [InlineData("(SocketError)e.ErrorCode == SocketError.ConnectionReset")]
    [InlineData("(SocketError)e.NativeErrorCode is SocketError.Shutdown or SocketError.ConnectionAborted")]
    [InlineData("((SocketError)e.ErrorCode).Equals(SocketError.ConnectionReset)")]
    public Task NativeNumberComparisonOnASocketExceptionIsReported(string comparison) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ([|{{comparison}}|]) { }
            """));

    [Fact]
    public Task SeveralNumbersAreListedInTheMessage() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:{|#1:e|}.ErrorCode is 104 or 54|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError.ConnectionReset",
                "the native numbers 104, 54",
                "ECONNRESET on Linux, ECONNRESET on macOS; they differ on other systems"));

    [Fact]
    public Task NumbersWithDifferentMeaningsNameNoSingleSocketError() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:e.ErrorCode is 104 or 32|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithArguments(
                "a SocketError value",
                "the native numbers 104, 32",
                "ECONNRESET on Linux, EPIPE on Linux and macOS; they differ on other systems"));

    [Fact]
    public Task HRESULTFormIsShownInHex() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:{|#1:e|}.HResult == unchecked((int)0x80072746)|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError.ConnectionReset", "the native number 0x80072746", "WSAECONNRESET on Windows; it differs on other systems"));

    [Fact]
    public Task CastOfErrorCodeToSocketErrorIsReported() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ({|#0:{|#2:(SocketError){|#1:e|}.ErrorCode|} == SocketError.ConnectionReset|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments(
                "SocketError.ConnectionReset", "casting ErrorCode to SocketError", "ErrorCode holds the native number, which differs per OS"));

    [Fact]
    public Task LocalCopiedFromErrorCodeAndComparedLaterIsReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var code = e.ErrorCode;
                Console.WriteLine(code);
                if ([|code == 104|]) { return; }
                var cast = (SocketError)e.NativeErrorCode;
                if ([|cast == SocketError.Shutdown|]) { return; }
            }
            """));

    [Fact]
    public Task SwitchStatementCasesAreReportedOnePerLabel() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                switch (e.ErrorCode)
                {
                    [|case 104:|]
                    [|case 54:|]
                        break;
                    [|case 32:|]
                        break;
                    case 42:
                        break;
                    default:
                        throw;
                }
            }
            """));

    [Fact]
    public Task SwitchExpressionArmsAreReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e)
            {
                var text = e.NativeErrorCode switch
                {
                    [|10054 or 104|] => "reset",
                    [|10058|] => "pipe",
                    > 20000 => "big",
                    _ => "other",
                };
                Console.WriteLine(text);
            }
            """));

    [Fact]
    public Task PropertyPatternsAreReportedAtTheSubpattern() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (Exception e) when (e is Win32Exception { [|NativeErrorCode: 10053|] }) { }
            try { s.Send(b); }
            catch (Exception e) when (e is SocketException { [|ErrorCode: 104|] } || e is IOException { InnerException: SocketException { [|NativeErrorCode: 32|] } }) { }
            """));

    [Fact]
    public Task MessageTextOnAnIOExceptionAroundAStreamWriteIsReported() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ({|#0:{|#1:e|}.Message.Contains("Broken pipe")|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError.Shutdown", "matching the message text 'Broken pipe'", "the message text differs per OS and Windows translates it"));

    [Theory]
    [InlineData("""e.Message == "Connection reset by peer" """)]
    [InlineData("""e.Message != "Connection reset by peer" """)]
    [InlineData("""string.Equals(e.Message, "broken pipe", StringComparison.OrdinalIgnoreCase)""")]
    [InlineData("""e.Message.Equals("Connection refused")""")]
    [InlineData("""e.Message.StartsWith("Connection reset")""")]
    [InlineData("""e.Message.EndsWith("forcibly closed by the remote host.")""")]
    [InlineData("""e.Message.ToLowerInvariant().Contains("reset")""")]
    [InlineData("""e.ToString().Contains("An existing connection was forcibly closed")""")]
    [InlineData("""Regex.IsMatch(e.Message, @"connection\s+reset", RegexOptions.IgnoreCase)""")]
    [InlineData("""e.Message is "Broken pipe" or "Connection reset by peer" """)]
    [InlineData("""e.Message.Contains("Unable to write data to the transport connection")""")]
    [InlineData("""e.Message.Contains("aborted")""")]
    public Task MessageTextComparisonIsReported(string comparison) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when ({|SOCK003:{{comparison.TrimEnd()}}|}) { }
            """));

    [Fact]
    public Task IndexOfIsReportedAtTheCall() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when ([|e.Message.IndexOf("timed out", StringComparison.Ordinal)|] >= 0) { }
            """));

    [Fact]
    public Task SwitchOnTheMessageIsReportedPerLabel() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Receive(b); }
            catch (SocketException e)
            {
                switch (e.Message)
                {
                    [|case "Connection reset by peer":|]
                        break;
                    case "something else":
                        break;
                }
            }
            """));

    [Fact]
    public Task AHelperThatReceivesTheExceptionIsJudged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Errors
            {
                public static bool IsPeerGone(Exception e) => [|e.Message.Contains("reset")|] || [|e.Message.Contains("Broken pipe")|];
                public static bool IsReset(IOException e) => e.InnerException is SocketException { [|ErrorCode: 10054|] };
                public static Func<Exception, bool> IsAbort = ex => [|ex.Message.Contains("connection was aborted")|];
            }
            """);

    [Fact]
    public Task AnExceptionCaughtAroundAProjectSessionIsJudged() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class Session
            {
                private readonly Socket _socket;
                public Session(Socket socket) { _socket = socket; }
                public void Send(byte[] b) => _socket.Send(b);
            }

            class Server
            {
                void Broadcast(Session session, byte[] b)
                {
                    try { session.Send(b); }
                    catch (Exception e) when ([|e.Message.Contains("Connection reset")|]) { }
                }
            }
            """);

    [Fact]
    public Task APatternVariableOfTheCaughtExceptionIsJudged() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (Exception e)
            {
                if (e is IOException io && [|io.Message.Contains("Broken pipe")|]) { return; }
                var inner = e.InnerException;
                if (inner != null && [|inner.Message.Contains("reset by peer")|]) { return; }
            }
            """));

    [Fact]
    public Task NumberListsInReadonlyFieldsOfOtherFilesAndCollectionExpressionsAreRead() =>
        new Verify.Test
        {
            TestCode = Usings + """
                class C
                {
                    static readonly int[] Aborted = [53, 103, 10053];

                    void M(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|Codes.Reset.Contains(e.ErrorCode)|] || [|Aborted.Contains(e.ErrorCode)|] || Codes.Other.Contains(e.ErrorCode)) { }
                    }
                }
                """,
            TestState =
            {
                Sources =
                {
                    """
                    using System.Collections.Generic;

                    static class Codes
                    {
                        public static readonly HashSet<int> Reset = new HashSet<int>(new[] { 104, 54, -1 });
                        public static readonly List<int> Other = new List<int> { 1, 2, 3 };
                    }
                    """,
                },
            },
        }.RunAsync();

    [Fact]
    public Task HalfTypedCodeDoesNotCrash() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.ErrorCod == 104) { }
                catch (FooException e) when (e.Message.Contains("reset")) { }
                try { s.Send(b); }
                catch (IOException e) when (e.Message.Contains(UnknownText)) { }
                catch (Exception e) when (e is Win32Exception { NativeErrorCod: 10053 }) { }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.ErrorCode) { case Unknown: break; case [|104|]: break; }
                    var x = e.ErrorCode switch { [|104|] => , _ => 0 };
                    if (e.Message.Contains()) { }
                    if (Codes.Contains(e.ErrorCode)) { }
                }
                """).Replace("case [|104|]:", "[|case 104:|]"),
            AllowCompilerErrors = true,
        }.RunAsync();

    [Fact]
    public Task ComparisonsNextToCompilerErrorsAreStillJudged() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.ErrorCode == 104|] && e.{|CS1061:Code|} == 54) { }
                catch (IOException e) when ({|CS0103:message|}.Contains("reset")) { }
                """),
        }.RunAsync();
}
