using System.Threading.Tasks;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.SocketErrorByTextOrNumberAnalyzer,
    SocketAnalyzers.CodeFixes.SocketErrorByTextOrNumberCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK003;

/// <summary>
/// The native-number catalog beyond the peer-gone codes (would-block, cancelled, interrupted, not-a-socket, not
/// connected, unreachable ...), and where a small number — also an ordinary value — is judged: only on a
/// SocketException's <c>ErrorCode</c>/<c>NativeErrorCode</c>.
/// </summary>
public sealed class Catalog : SocketErrorByTextOrNumber
{
    [Theory]
    [InlineData("11", "WouldBlock", "EAGAIN on Linux")]
    [InlineData("35", "WouldBlock", "EAGAIN on macOS")]
    [InlineData("10035", "WouldBlock", "WSAEWOULDBLOCK on Windows")]
    [InlineData("125", "OperationAborted", "ECANCELED on Linux")]
    [InlineData("89", "OperationAborted", "ECANCELED on macOS")]
    [InlineData("995", "OperationAborted", "WSA_OPERATION_ABORTED on Windows")]
    [InlineData("4", "Interrupted", "EINTR on Linux and macOS")]
    [InlineData("10004", "Interrupted", "WSAEINTR on Windows")]
    [InlineData("88", "NotSocket", "ENOTSOCK on Linux")]
    [InlineData("38", "NotSocket", "ENOTSOCK on macOS")]
    [InlineData("10038", "NotSocket", "WSAENOTSOCK on Windows")]
    [InlineData("107", "NotConnected", "ENOTCONN on Linux")]
    [InlineData("57", "NotConnected", "ENOTCONN on macOS")]
    [InlineData("10057", "NotConnected", "WSAENOTCONN on Windows")]
    [InlineData("113", "HostUnreachable", "EHOSTUNREACH on Linux")]
    [InlineData("65", "HostUnreachable", "EHOSTUNREACH on macOS")]
    [InlineData("101", "NetworkUnreachable", "ENETUNREACH on Linux")]
    [InlineData("10051", "NetworkUnreachable", "WSAENETUNREACH on Windows")]
    [InlineData("108", "Disconnecting", "ESHUTDOWN on Linux")]
    [InlineData("99", "AddressNotAvailable", "EADDRNOTAVAIL on Linux")]
    [InlineData("10013", "AccessDenied", "WSAEACCES on Windows")]
    public Task EachNumberIsReportedWithItsNameAndSocketError(string number, string meaning, string name) =>
        Verify.VerifyAnalyzerAsync(
            InMethod($$"""
                try { s.Receive(b); }
                catch (SocketException e) when ({|#0:{|#1:e|}.ErrorCode == {{number}}|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError." + meaning, "the native number " + number, name + "; it differs on other systems"));

    [Fact]
    public Task TheThreeWouldBlockNumbersAreOneMeaning() =>
        Verify.VerifyAnalyzerAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when ({|#0:{|#1:e|}.NativeErrorCode is 11 or 35 or 10035|}) { }
                """),
            Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(0).WithArguments(
                "SocketError.WouldBlock",
                "the native numbers 11, 35, 10035",
                "EAGAIN on Linux, EAGAIN on macOS, WSAEWOULDBLOCK on Windows; they differ on other systems"));

    [Fact]
    public Task SmallNumbersAreJudgedInEveryFormOnASocketException() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class C
            {
                static readonly HashSet<int> Retry = new HashSet<int> { 4, 11, 35 };

                void M(Socket s, byte[] b)
                {
                    try { s.Receive(b); }
                    catch (SocketException e)
                    {
                        var code = e.ErrorCode;
                        if ([|code == 11|]) { return; }
                        if ([|code.Equals(4)|]) { return; }
                        if ([|Retry.Contains(e.NativeErrorCode)|]) { return; }
                        switch (e.ErrorCode)
                        {
                            [|case 125:|]
                            [|case 89:|]
                                return;
                        }
                    }

                    try { s.Receive(b); }
                    catch (Exception e)
                    {
                        if (e is SocketException se && [|se.ErrorCode == 107|]) { return; }
                        if ([|(e as SocketException)?.ErrorCode == 57|]) { return; }
                        if (e is SocketException { [|NativeErrorCode: 88|] }) { return; }
                        if ([|((SocketException)e).ErrorCode != 38|]) { return; }
                    }
                }

                static bool IsTransient(SocketException e) => [|e.ErrorCode is 11 or 4|] || [|e.ErrorCode == 10035|];
            }
            """);

    [Fact]
    public Task SmallNumbersOfOtherExceptionsAndValuesAreNotReported() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            class AppException : Exception
            {
                public int ErrorCode { get; set; }
            }

            class C
            {
                void M(Socket s, NetworkStream ns, byte[] b, string path)
                {
                    // HResult is an HRESULT, never an errno: 4, 11 and 32 are not socket numbers there.
                    try { s.Receive(b); }
                    catch (Exception ex) when (ex.HResult == 4 || ex.HResult == 11) { }
                    try { ns.Write(b, 0, b.Length); }
                    catch (IOException ex) when (ex.HResult == 32 || ex.HResult == 995) { }
                    try { s.Receive(b); }
                    catch (SocketException ex) when (ex.HResult == 104) { }

                    int count = 4;
                    if (count == 4) { }
                    try { s.Receive(b); }
                    catch (SocketException) { count = 11; }
                    if (count == 11) { }

                    // A Win32Exception of another API: 11 is ERROR_BAD_FORMAT, 2 ERROR_FILE_NOT_FOUND, 995 an aborted I/O.
                    try { Process.Start(path); }
                    catch (Win32Exception e) when (e.ErrorCode == 11 || e.NativeErrorCode == 2 || e.NativeErrorCode == 995) { }
                    try { s.Receive(b); }
                    catch (AppException e) when (e.ErrorCode == 11) { }
                }

                // Received by a helper: may hold a socket error, but a small number on a wider type is judged by nothing.
                static bool IsBusy(Win32Exception e) => e.NativeErrorCode == 11 || e.NativeErrorCode is 4 or 995;
                static bool IsBadFormat(Exception e) => e is Win32Exception { NativeErrorCode: 11 };
            }
            """);

    [Fact]
    public Task WinsockNumbersKeepTheWiderScope() =>
        Verify.VerifyAnalyzerAsync(Usings + """
            static class Errors
            {
                public static bool IsWouldBlock(Win32Exception e) => [|e.NativeErrorCode == 10035|];
                public static bool IsInterrupted(Exception e) => e is Win32Exception { [|NativeErrorCode: 10004|] };
            }
            """);

    [Fact]
    public Task Fix_WouldBlockNumbersBecomeWouldBlock() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when ([|e.ErrorCode == 11|] || [|e.ErrorCode is 35 or 10035|]) { }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.WouldBlock || e.SocketErrorCode == SocketError.WouldBlock) { }
                """));

    [Theory]
    [InlineData("995", "OperationAborted")]
    [InlineData("125", "OperationAborted")]
    [InlineData("4", "Interrupted")]
    [InlineData("10038", "NotSocket")]
    [InlineData("57", "NotConnected")]
    [InlineData("113", "HostUnreachable")]
    [InlineData("51", "NetworkUnreachable")]
    [InlineData("108", "Disconnecting")]
    public Task Fix_EachNumberBecomesItsSocketError(string number, string meaning) =>
        Verify.VerifyCodeFixAsync(
            InMethod($$"""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.NativeErrorCode == {{number}}|]) { }
                """),
            InMethod($$"""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.{{meaning}}) { }
                """));

    [Fact]
    public Task Fix_ASwitchOnSmallNumbersBecomesASwitchOnTheCode() =>
        Verify.VerifyCodeFixAsync(
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e)
                {
                    switch (e.ErrorCode)
                    {
                        [|case 11:|]
                        [|case 35:|]
                            return;
                        [|case 4:|]
                            break;
                    }
                }
                """),
            InMethod("""
                try { s.Receive(b); }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.WouldBlock:
                            return;
                        case SocketError.Interrupted:
                            break;
                    }
                }
                """));
}
