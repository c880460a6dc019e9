using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using SocketAnalyzers.CodeFixes;
using Xunit;
using Verify = SocketAnalyzers.Tests.Verifiers.CSharpCodeFixVerifier<
    SocketAnalyzers.Rules.ConflatedPeerGoneCodesAnalyzer,
    SocketAnalyzers.CodeFixes.ConflatedPeerGoneCodesCodeFix>;

namespace SocketAnalyzers.Tests.Rules.SOCK002;

/// <summary>The SOCK002 code fix, one diagnostic at a time and FixAll.</summary>
public sealed class CodeFix : ConflatedPeerGoneCodes
{
    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task ExtendAComparisonInAFilter(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Fact]
    public Task ExtendAComparisonInsideAConjunctionKeepsItsMeaning() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (logging && [|SocketError.Shutdown == e.SocketErrorCode|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (logging && (SocketError.Shutdown == e.SocketErrorCode || SocketError.ConnectionReset == e.SocketErrorCode)) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendANegatedComparisonWithAnd() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode != SocketError.ConnectionReset && e.SocketErrorCode != SocketError.Shutdown) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendAnIsPatternOnCSharp73WithOrElse() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode is SocketError.ConnectionReset|]) { return; }
                    throw;
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode is SocketError.ConnectionReset || e.SocketErrorCode is SocketError.Shutdown) { return; }
                    throw;
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp7_3);

    [Fact]
    public Task ExtendAnOrPatternOnLatest() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendANotPatternInParentheses() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode is not SocketError.ConnectionReset|]) { throw; }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode is not (SocketError.ConnectionReset or SocketError.Shutdown)) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendTheInnerExceptionPropertyPattern() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.Shutdown }) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendTheConditionalAccessForm() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown|]) { }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown || (e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp7_3);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task AddACaseLabelToTheSection(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        [|case SocketError.ConnectionReset:|]
                        case SocketError.ConnectionAborted:
                            return;
                        default:
                            throw;
                    }
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    switch (e.SocketErrorCode)
                    {
                        case SocketError.ConnectionReset:
                        case SocketError.ConnectionAborted:
                        case SocketError.Shutdown:
                            return;
                        default:
                            throw;
                    }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Theory]
    [InlineData(LanguageVersion.Latest, "SocketError.ConnectionReset or SocketError.Shutdown => true,")]
    [InlineData(LanguageVersion.CSharp8, "SocketError.ConnectionReset => true,\n        SocketError.Shutdown => true,")]
    public Task ExtendOrCopyASwitchArm(LanguageVersion version, string fixedArms) =>
        VerifyFix(
            InMethod("""
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
                """),
            InMethod($$"""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    var gone = e.SocketErrorCode switch
                    {
                        {{fixedArms}}
                        _ => false,
                    };
                    if (!gone) { throw; }
                }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task ExtendAHelperAndASendCompletionCheck(LanguageVersion version) =>
        VerifyFix(
            Usings + """
                static class Disconnects
                {
                    public static bool IsIgnorable(SocketException e)
                    {
                        return [|e.SocketErrorCode == SocketError.ConnectionReset|];
                    }
                }

                class Server
                {
                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    }
                }
                """,
            Usings + """
                static class Disconnects
                {
                    public static bool IsIgnorable(SocketException e)
                    {
                        return e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown;
                    }
                }

                class Server
                {
                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                    }
                }
                """,
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            version);

    [Fact]
    public Task ExtendIsNotOfferedWhereTheTestedValueIsACall() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when ([|((SocketException)e.GetBaseException()).SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when ([|((SocketException)e.GetBaseException()).SocketErrorCode == SocketError.ConnectionReset|]) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey);

    [Fact]
    public Task ExtendIsNotOfferedForAPropertyPatternBeforeCSharp9() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (Exception e) when (e is SocketException { [|SocketErrorCode: SocketError.ConnectionReset|] }) { }
                """),
            ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
            LanguageVersion.CSharp8);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task OwnClauseAfterAFilteredClauseCopiesTheBody(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|] && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.SocketErrorCode);
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown && !logging)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    Console.WriteLine(e.SocketErrorCode);
                }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            version);

    [Fact]
    public Task OwnClauseForAnInnerExceptionPattern() =>
        VerifyFix(
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted|] }) { return; }
                """),
            InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.ConnectionAborted }) { return; }
                catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown }) { return; }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey);

    [Theory]
    [InlineData(LanguageVersion.CSharp7_3)]
    [InlineData(LanguageVersion.Latest)]
    public Task OwnClauseBeforeACatchWhoseFirstIfGuardsThePeerGoneBranch(LanguageVersion version) =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|])
                    {
                        Console.WriteLine("peer gone");
                        return;
                    }

                    throw;
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown)
                {
                    Console.WriteLine("peer gone");
                    return;
                }
                catch (SocketException e)
                {
                    if (e.SocketErrorCode == SocketError.ConnectionReset)
                    {
                        Console.WriteLine("peer gone");
                        return;
                    }

                    throw;
                }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            version);

    [Fact]
    public Task OwnClauseIsNotOfferedForANegatedCheckOrABranchThatFallsThrough() =>
        VerifyFix(
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("gone"); }
                    Console.WriteLine("always");
                }
                """),
            InMethod("""
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode != SocketError.ConnectionReset|]) { throw; }
                }
                try { s.Send(b); }
                catch (SocketException e)
                {
                    if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("gone"); }
                    Console.WriteLine("always");
                }
                """),
            ConflatedPeerGoneCodesCodeFix.OwnClauseKey);

    [Fact]
    public Task OwnClauseOnNetstandard20AndCSharp73() =>
        new Verify.Test
        {
            TestCode = InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ([|(e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset|])
                {
                    return;
                }
                """),
            FixedCode = InMethod("""
                try { ns.Write(b, 0, b.Length); }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.ConnectionReset)
                {
                    return;
                }
                catch (IOException e) when ((e.InnerException as SocketException)?.SocketErrorCode == SocketError.Shutdown)
                {
                    return;
                }
                """),
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
            LanguageVersion = LanguageVersion.CSharp7_3,
            ReferenceAssemblies = ReferenceAssemblies.NetStandard.NetStandard20,
        }.RunAsync();

    [Fact]
    public Task FixAll_ExtendsOneCheckPerHandler() =>
        new Verify.Test
        {
            // The fix writes the right text, but builds a qualified name where the parser reads a member access.
            CodeActionValidationMode = CodeActionValidationMode.None,
            TestCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|])
                        {
                            if ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { Console.WriteLine("reset"); }
                        }
                    }

                    void B(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode is SocketError.Shutdown|]) { }
                    }

                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if ([|e.SocketError == SocketError.ConnectionReset|]) { return; }
                    }
                }
                """,
            FixedCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset || e.SocketErrorCode == SocketError.Shutdown)
                        {
                            if (e.SocketErrorCode == SocketError.ConnectionReset) { Console.WriteLine("reset"); }
                        }
                    }

                    void B(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode is SocketError.Shutdown or SocketError.ConnectionReset) { }
                    }

                    void ProcessSend(SocketAsyncEventArgs e)
                    {
                        if (e.SocketError == SocketError.ConnectionReset || e.SocketError == SocketError.Shutdown) { return; }
                    }
                }
                """,
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.AlsoHandleTwinKey,
        }.RunAsync();

    [Fact]
    public Task FixAll_AddsOneClausePerHandler() =>
        new Verify.Test
        {
            TestCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when ([|e.SocketErrorCode == SocketError.ConnectionReset|]) { return; }
                    }

                    void B(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when (e.InnerException is SocketException { [|SocketErrorCode: SocketError.Shutdown|] }) { return; }
                    }
                }
                """,
            FixedCode = Usings + """
                class Server
                {
                    void A(Socket s, byte[] b)
                    {
                        try { s.Send(b); }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset) { return; }
                        catch (SocketException e) when (e.SocketErrorCode == SocketError.Shutdown) { return; }
                    }

                    void B(NetworkStream ns, byte[] b)
                    {
                        try { ns.Write(b, 0, b.Length); }
                        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.Shutdown }) { return; }
                        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset }) { return; }
                    }
                }
                """,
            CodeActionEquivalenceKey = ConflatedPeerGoneCodesCodeFix.OwnClauseKey,
        }.RunAsync();
}
