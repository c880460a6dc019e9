using System.Threading.Tasks;
using SocketAnalyzers.CodeFixes;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK002;

/// <summary>
/// A code compared as a number (<c>(int)e.SocketErrorCode == 10054</c>) is portable — the enum's values are the same
/// everywhere — and names the member of that value: ConnectionReset for 10054, ConnectionAborted for 10053, Shutdown for 10058.
/// </summary>
public sealed class CodeAsNumber : ConflatedPeerGoneCodes
{
    [Theory]
    [InlineData("(int)e.SocketErrorCode == 10054")]
    [InlineData("(int)e.SocketErrorCode is 10054 or 10053")]
    [InlineData("10054 == (int)e.SocketErrorCode")]
    [InlineData("(int)e.SocketErrorCode == (int)SocketError.ConnectionReset")]
    [InlineData("(int)e.SocketErrorCode == 10058")]
    public Task AResetOrPipeComparedAsANumberOnAWritePathIsReported(string check) =>
        Verify.VerifyAnalyzerAsync(InMethod($$"""
            try { s.Send(b); }
            catch (SocketException e) when ([|{{check}}|]) { }
            """));

    [Fact]
    public Task BothTwinsAsNumbersOrAReadOnlyTryAreNotReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { s.Send(b); }
            catch (SocketException e) when ((int)e.SocketErrorCode is 10054 or 10058) { }
            try { s.Send(b); }
            catch (SocketException e) when ((int)e.SocketErrorCode == 10054 || e.SocketErrorCode == SocketError.Shutdown) { }
            try { s.Receive(b); }
            catch (SocketException e) when ((int)e.SocketErrorCode == 10054) { }
            try { s.Send(b); }
            catch (SocketException e) when ((int)e.SocketErrorCode == 10060) { }
            """));

    [Fact]
    public Task ACaseLabelOfTheCodeAsANumberIsReported() =>
        Verify.VerifyAnalyzerAsync(InMethod("""
            try { ns.Write(b, 0, b.Length); }
            catch (IOException e) when (e.InnerException is SocketException se)
            {
                switch ((int)se.SocketErrorCode)
                {
                    [|case 10054:|]
                        return;
                    case 10060:
                        break;
                }
            }
            """));

    [Fact]
    public Task Fix_AddsTheTwinAsANumber() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|(int)e.SocketErrorCode == 10054|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ((int)e.SocketErrorCode == 10054 || (int)e.SocketErrorCode == 10058) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Fix_ExtendsAPatternOfNumbers() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|(int)e.SocketErrorCode is 10058|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ((int)e.SocketErrorCode is 10058 or 10054) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task Fix_AddsTheTwinAsACastMember() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|(int)e.SocketErrorCode == (int)SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ((int)e.SocketErrorCode == (int)SocketError.ConnectionReset || (int)e.SocketErrorCode == (int)SocketError.Shutdown) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);
}
